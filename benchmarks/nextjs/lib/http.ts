import { createHash } from "node:crypto";

const TITLES: Record<number, string> = {
  400: "Bad Request",
  404: "Not Found",
  409: "Conflict",
  422: "Unprocessable Content",
};

export type FieldError = { field: string; message: string };

/** An RFC 9457 problem, shaped like Arbor's HttpError bodies. */
export function problem(status: number, detail: string, type?: string, errors?: FieldError[]): Response {
  const body: Record<string, unknown> = {
    type: type ? `/problems/${type}` : "about:blank",
    title: TITLES[status] ?? (status < 500 ? "Client Error" : "Server Error"),
    status,
    detail,
  };
  if (errors && errors.length > 0) body.errors = errors;
  return new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/problem+json" } });
}

/** Arbor's ETag: the first 22 characters of the unpadded base64url SHA-256 of the body, quoted. */
export function etag(body: string): string {
  return `"${createHash("sha256").update(body).digest("base64url").substring(0, 22)}"`;
}

/** Whether an If-None-Match header matches the tag (weak tags compared as strong, "*" matches all). */
export function matches(ifNoneMatch: string | null, tag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch.split(",").some((c) => {
    let t = c.trim();
    if (t.startsWith("W/")) t = t.substring(2);
    return t === "*" || t === tag;
  });
}
