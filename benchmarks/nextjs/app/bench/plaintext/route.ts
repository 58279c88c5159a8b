// GET /bench/plaintext: the framework's floor, 13 bytes of text.
export const dynamic = "force-dynamic";

export function GET() {
  return new Response("Hello, World!", { headers: { "Content-Type": "text/plain; charset=utf-8" } });
}
