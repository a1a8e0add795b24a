import { StatusPage } from "@/components/status-page";

/** 401: nothing calls unauthorized() yet, but Next would otherwise carry its default in every page. */
export default function Unauthorized() {
  return <StatusPage title="Please sign in" message="This page needs a signed-in account." link={{ href: "/login", label: "Sign in" }} />;
}
