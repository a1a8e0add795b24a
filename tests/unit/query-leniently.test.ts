import { describe, expect, it } from "vitest";
import { memberSearchSchema } from "@/shared/validation/member";
import { requestSearchSchema } from "@/shared/validation/request";
import { pageCount, parseQueryLeniently, tableHref } from "@/shared/validation/table";

describe("parseQueryLeniently (the admin tables' query strings)", () => {
  it("keeps every valid parameter when one is bad, and drops only that one to its default", () => {
    expect(parseQueryLeniently(memberSearchSchema, { q: "fmt", page: "abc", sort: "state" })).toMatchObject({ q: "fmt", page: 1, sort: "state" });
    expect(parseQueryLeniently(requestSearchSchema, { q: "AS64500", state: "nonsense", dir: "asc" })).toMatchObject({ q: "AS64500", state: "", dir: "asc" });
  });

  it("is the schema itself on good input, and the defaults when nothing is usable", () => {
    const good = { q: "x", state: "pending", sort: "asn", dir: "asc", page: "3" };
    expect(parseQueryLeniently(requestSearchSchema, good)).toEqual(requestSearchSchema.parse(good));
    expect(parseQueryLeniently(requestSearchSchema, { sort: "nope", dir: "sideways", page: "-1" })).toEqual(requestSearchSchema.parse({}));
  });

  it("leaves the API's strictness alone: the schema still refuses the bad value", () => {
    expect(memberSearchSchema.safeParse({ q: "fmt", page: "abc" }).success).toBe(false);
  });
});

describe("tableHref and pageCount (links and pager of the admin tables)", () => {
  it("keeps the rest of the search and applies the change", () => {
    const search = memberSearchSchema.parse({ q: "fmt & co", state: "production", sort: "state", dir: "desc", page: "3" });
    const href = new URL(tableHref("/admin/members", search, { page: 4 }), "http://x");
    expect(href.pathname).toBe("/admin/members");
    expect(Object.fromEntries(href.searchParams)).toEqual({ q: "fmt & co", state: "production", sort: "state", dir: "desc", page: "4" });
  });

  it("counts at least one page", () => {
    expect([pageCount(0, 50), pageCount(50, 50), pageCount(51, 50), pageCount(120, 50)]).toEqual([1, 1, 2, 3]);
  });
});
