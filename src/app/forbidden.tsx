import { StatusPage } from "@/components/status-page";

/** 403: forbidden() for a signed-in user without the role. */
export default function Forbidden() {
  return <StatusPage title="Not allowed" message="Your account may not open this page." link={{ href: "/", label: "Home page" }} />;
}
