// Builds the two requests of the action scenarios from the board page as the server rendered it:
//   node scripts/action-requests.mjs BOARD_HTML ORIGIN PAGE_PATH OUT_PREFIX
// writes OUT_PREFIX.nojs.{body,headers} and OUT_PREFIX.fetch.{body,headers} (headers: one "Name: value" a line).
//
// nojs:  what a browser without JavaScript posts: the form has encType="multipart/form-data", so every field of
//        the form in document order (the hidden $ACTION_REF_n, $ACTION_n:1 = the bound arguments as JSON,
//        $ACTION_n:0 = {"id": action id, "bound": "$@1"}, then text) as multipart/form-data, with Origin.
// fetch: what Next's client runtime sends when JavaScript is on (server-action-reducer.js, fetchServerAction):
//        the arguments [...bound, FormData] encoded by React's own encodeReply (so the FormData entries become
//        "_1_text" and the row "0" = [7,"$K1"]), multipart, with the headers Accept: text/x-component,
//        Next-Action: <id>, Next-Router-State-Tree: <the page's tree, URI-encoded JSON>, and Origin.
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";

const [htmlFile, origin, pagePath, out] = process.argv.slice(2);
if (!out) {
  console.error("usage: action-requests.mjs BOARD_HTML ORIGIN PAGE_PATH OUT_PREFIX");
  process.exit(2);
}
const TEXT = "A note from the benchmark";
const html = readFileSync(htmlFile, "utf8");
const form = html.match(/<form[^>]*>([\s\S]*?)<\/form>/);
if (!form) throw new Error("no form in " + htmlFile);
const decode = (s) =>
  s.replace(/&quot;/g, '"').replace(/&#x27;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
const fields = [...form[1].matchAll(/<input type="hidden" name="([^"]+)"(?: value="([^"]*)")?\/>/g)].map((m) => [
  decode(m[1]),
  decode(m[2] ?? ""),
]);
const ref = fields.find(([name]) => /^\$ACTION_\d+:0$/.test(name));
const boundField = fields.find(([name]) => /^\$ACTION_\d+:1$/.test(name));
if (!ref || !boundField) throw new Error("no $ACTION_ fields in the form: " + JSON.stringify(fields));
const actionId = JSON.parse(ref[1]).id;
const bound = JSON.parse(boundField[1]);

// 1. no JavaScript: the browser's multipart encoding of the form.
const boundary = "----WebKitFormBoundaryArborBench7MA4YW";
let body = "";
for (const [name, value] of [...fields, ["text", TEXT]]) {
  body += `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
}
body += `--${boundary}--\r\n`;
writeFileSync(`${out}.nojs.body`, body);
writeFileSync(
  `${out}.nojs.headers`,
  `Content-Type: multipart/form-data; boundary=${boundary}\nOrigin: ${origin}\nAccept: text/html\n`,
);

// 2. through the client runtime: React's encodeReply, as in the browser.
const require = createRequire(import.meta.url);
const { encodeReply } = require("next/dist/compiled/react-server-dom-turbopack/client.node.js");
const formData = new FormData();
formData.append("text", TEXT);
const encoded = await encodeReply([...bound, formData]);
const request = new Request(origin + pagePath, { method: "POST", body: encoded });
const segments = pagePath.split("/").filter(Boolean);
let tree = ["__PAGE__", {}];
for (const segment of segments.reverse()) tree = [segment, { children: tree }];
tree = ["", { children: tree }];
writeFileSync(`${out}.fetch.body`, Buffer.from(await request.arrayBuffer()));
writeFileSync(
  `${out}.fetch.headers`,
  [
    `Content-Type: ${request.headers.get("content-type")}`,
    `Origin: ${origin}`,
    "Accept: text/x-component",
    `Next-Action: ${actionId}`,
    `Next-Router-State-Tree: ${encodeURIComponent(JSON.stringify(tree))}`,
  ].join("\n") + "\n",
);
console.log(`action ${actionId}, bound ${JSON.stringify(bound)}`);
