// POST /api/users {name, email}: validated like the shop's UsersRoute.NewUser (@NotBlank @Size(max = 100) name,
// @NotBlank @Email @Size(max = 254) email): 422 with every violation sorted by field, 201 with the user and a
// Location, 409 if the e-mail address is taken (case-insensitive).
import { type FieldError, problem } from "@/lib/http";
import { EmailTaken, store } from "@/lib/store";

export const dynamic = "force-dynamic";

// Close to Hibernate Validator's @Email: a dot-atom local part, an @, and dot-separated domain labels.
const EMAIL = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*@[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;
const FIELDS = new Set(["name", "email"]);

export async function POST(request: Request) {
  let body: unknown;
  try {
    body = JSON.parse(await request.text());
  } catch {
    return problem(400, "The request body is not valid JSON");
  }
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    return problem(400, "The request body must be a JSON object");
  }
  const input = body as Record<string, unknown>;
  for (const key of Object.keys(input)) {
    if (!FIELDS.has(key)) return problem(400, `Unknown field '${key}'`);
  }
  for (const key of FIELDS) {
    if (input[key] != null && typeof input[key] !== "string") return problem(400, `The field '${key}' must be a string`);
  }
  const name = (input.name as string | undefined) ?? "";
  const email = (input.email as string | undefined) ?? "";
  const errors: FieldError[] = [];
  if (email.trim() === "") errors.push({ field: "email", message: "must not be blank" });
  else if (!EMAIL.test(email)) errors.push({ field: "email", message: "must be a well-formed email address" });
  if (email.length > 254) errors.push({ field: "email", message: "size must be between 0 and 254" });
  if (name.trim() === "") errors.push({ field: "name", message: "must not be blank" });
  if (name.length > 100) errors.push({ field: "name", message: "size must be between 0 and 100" });
  if (errors.length > 0) return problem(422, "The request has invalid fields", "validation", errors);
  try {
    const user = await store().createUser(name, email);
    return new Response(JSON.stringify(user), {
      status: 201,
      headers: { "Content-Type": "application/json", Location: `/api/users/${user.id}` },
    });
  } catch (e) {
    if (e instanceof EmailTaken) return problem(409, "A user with this email already exists");
    throw e;
  }
}
