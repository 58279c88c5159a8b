// GET /api/products/{id}: one product as JSON, Cache-Control: public, max-age=60 and an ETag (304 on a match),
// like the shop's ProductRoute.
import { etag, matches, problem } from "@/lib/http";
import { store } from "@/lib/store";

export const dynamic = "force-dynamic";

export async function GET(request: Request, ctx: { params: Promise<{ id: string }> }) {
  const { id: raw } = await ctx.params;
  const id = /^-?\d{1,18}$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(id)) return problem(400, `The path parameter 'id' must be a whole number`);
  const product = await store().product(id);
  if (!product) return problem(404, "Product not found");
  const body = JSON.stringify(product);
  const tag = etag(body);
  const headers = { "Cache-Control": "public, max-age=60", ETag: tag };
  if (matches(request.headers.get("if-none-match"), tag)) return new Response(null, { status: 304, headers });
  return new Response(body, { headers: { ...headers, "Content-Type": "application/json" } });
}
