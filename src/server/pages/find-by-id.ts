import { notFound } from "next/navigation";
import { idSchema } from "@/shared/validation/form";

/** Loads the row a page's [id] segment names; a malformed or unknown id is a 404. */
export async function findByIdOr404<T>(id: string, load: (id: number) => Promise<T | null>): Promise<T> {
  const parsed = idSchema.safeParse(id);
  const found = parsed.success ? await load(parsed.data) : null;
  if (found === null) notFound();
  return found;
}
