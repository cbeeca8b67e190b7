/// `/docs`: the OpenAPI document drawn as a page — each route with its parameters, responses and
/// body schemas.
///
/// Self-contained (no CDN: servers often have no internet) and drawn in the browser from
/// `/openapi.json`, so the page cannot disagree with the document. Every string of the document
/// is written as text, never as HTML.
enum APIDocsPage {
    /// The page, ready to serve.
    static let file = StaticFiles.File(embedded: html, contentType: "text/html; charset=utf-8")

    /// The page's text.
    static let html = ##"""
        <!doctype html>
        <html lang="en">
        <head>
          <meta charset="utf-8">
          <meta name="viewport" content="width=device-width, initial-scale=1">
          <title>GeoToolz API</title>
          <link rel="icon" href="data:,">
          <style>
            body { font: 14px/1.5 system-ui, sans-serif; max-width: 960px; margin: 0 auto; padding: 16px; color: #223; }
            h1 { font-size: 22px; margin-bottom: 4px; }
            h2 { font-size: 16px; margin: 28px 0 6px; font-family: ui-monospace, monospace; }
            h2 .method { color: #fff; background: #2a6; border-radius: 3px; padding: 1px 6px; margin-right: 8px; }
            h3 { font-size: 13px; margin: 10px 0 4px; color: #445; }
            table { border-collapse: collapse; width: 100%; font-size: 13px; }
            th, td { text-align: left; vertical-align: top; border-top: 1px solid #dde; padding: 3px 8px 3px 0; }
            code, pre { font-family: ui-monospace, monospace; font-size: 12px; }
            pre { background: #f4f5f8; padding: 8px; overflow-x: auto; }
            details { margin-top: 6px; }
            #status { color: #a33; }
          </style>
        </head>
        <body>
          <h1 id="title">GeoToolz API</h1>
          <p id="description"></p>
          <p>The machine-readable document: <a href="/openapi.json"><code>/openapi.json</code></a> (OpenAPI 3.1).</p>
          <p id="status" role="status"></p>
          <main id="routes"></main>
          <section id="schemas"></section>
          <script>
          (function () {
            "use strict";
            const routes = document.getElementById("routes");
            const methods = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];
            let doc = null;

            function element(tag, text, className) {
              const node = document.createElement(tag);
              if (text !== undefined) node.textContent = text;
              if (className) node.className = className;
              return node;
            }

            // Text with `code` spans, as text and <code> elements: never parsed as HTML.
            function prose(tag, text) {
              const node = element(tag);
              String(text || "").split("`").forEach((part, index) => {
                node.appendChild(index % 2 ? element("code", part) : document.createTextNode(part));
              });
              return node;
            }

            // A local reference ("#/components/...") to the object it names.
            function resolve(value) {
              while (value && typeof value.$ref === "string" && value.$ref.startsWith("#/")) {
                value = value.$ref.slice(2).split("/").reduce((node, key) => node && node[key], doc);
              }
              return value || {};
            }

            function schemaName(schema) {
              if (!schema) return "";
              if (schema.$ref) return schema.$ref.split("/").pop();
              if (schema.type === "array") return "array of " + (schemaName(schema.items) || "values");
              return schema.type || (schema.const !== undefined ? JSON.stringify(schema.const) : "");
            }

            function table(headings, rows) {
              const result = element("table");
              const head = element("tr");
              for (const heading of headings) head.appendChild(element("th", heading));
              result.appendChild(head);
              for (const row of rows) {
                const line = element("tr");
                for (const cell of row) {
                  const td = element("td");
                  if (cell instanceof Node) td.appendChild(cell); else td.textContent = cell;
                  line.appendChild(td);
                }
                result.appendChild(line);
              }
              return result;
            }

            function drawOperation(path, method, operation) {
              const section = element("section");
              section.id = operation.operationId || path;
              const title = element("h2");
              title.append(element("span", method.toUpperCase(), "method"), element("span", path));
              section.append(title, prose("p", operation.summary || operation.description));
              const parameters = (operation.parameters || []).map(resolve);
              if (parameters.length) {
                section.appendChild(element("h3", "Parameters"));
                section.appendChild(table(["name", "in", "type", "description"], parameters.map((p) => [
                  element("code", p.name + (p.required ? "" : " (optional)")), p.in, schemaName(p.schema),
                  prose("span", (p.description || "") + (p.example !== undefined ? " Example: `" + p.example + "`" : "")),
                ])));
              }
              section.appendChild(element("h3", "Responses"));
              const responses = Object.entries(operation.responses || {}).map(([status, value]) => {
                const response = resolve(value);
                const content = Object.entries(response.content || {})
                  .map(([type, media]) => type + (media.schema ? " (" + schemaName(media.schema) + ")" : ""));
                const headers = Object.keys(response.headers || {});
                return [element("code", status), prose("span", response.description), content.join(", ") || "no body",
                        headers.join(", ")];
              });
              section.appendChild(table(["status", "meaning", "body", "headers"], responses));
              routes.appendChild(section);
            }

            function drawSchemas() {
              const section = document.getElementById("schemas");
              section.appendChild(element("h2", "Schemas"));
              for (const [name, schema] of Object.entries((doc.components || {}).schemas || {})) {
                const details = element("details");
                details.id = "schema-" + name;
                details.append(element("summary", name), element("pre", JSON.stringify(schema, null, 2)));
                section.appendChild(details);
              }
            }

            fetch("/openapi.json").then((response) => response.json()).then((document_) => {
              doc = document_;
              document.getElementById("title").textContent = doc.info.title + " " + doc.info.version;
              document.getElementById("description").replaceWith(prose("p", doc.info.description));
              for (const [path, item] of Object.entries(doc.paths || {})) {
                for (const [method, operation] of Object.entries(item)) {
                  if (methods.includes(method)) drawOperation(path, method, operation);
                }
              }
              drawSchemas();
            }).catch((error) => {
              document.getElementById("status").textContent = "cannot read /openapi.json: " + error;
            });
          })();
          </script>
        </body>
        </html>
        """##
}
