/// The server's HTTP API as an OpenAPI 3.1 document: every route, its parameters, its responses
/// with their content types, and the JSON schemas of the bodies, the error body included.
///
/// Served at `/openapi.json` and drawn by `/docs`. It is JSON text rather than Swift values so
/// that it reads, diffs and edits like the document it is. Tests keep it true: every route is
/// documented and every documented path routed, live responses match it, and `make test` fuzzes
/// the running server against it with schemathesis.
enum OpenAPIDocument {
    /// The document, ready to serve.
    static let file = StaticFiles.File(embedded: json, contentType: "application/json")

    /// The document's text.
    static let json = ##"""
        {
          "openapi": "3.1.0",
          "info": {
            "title": "GeoToolz tile server",
            "version": "1.0.0",
            "description": "Raster XYZ tiles rendered from layer configs, the layers' metadata, colormaps, health, metrics and the viewer. Every route answers GET and HEAD (HEAD: the same status and headers, no body), except `POST /pipelines` and `POST /pipelines/validate`, which answer POST, and `…/statistics`, which answers POST (a GeoJSON area) as well; every route answers OPTIONS (204 with `Allow`, and for a CORS preflight `Access-Control-Allow-Methods`, `-Headers` and `-Max-Age`); any other method is 405 with the route's `Allow`. Every response carries `X-Request-Id`: the client's own when it is at most 64 letters, digits or `-_.:`, otherwise one the server makes; the log lines about the request carry it too. A request target (path and query) over 2048 bytes is 414. Errors are JSON (`Error`) with `Cache-Control: no-store`. `Access-Control-Allow-Origin` is sent on every response unless the server runs with `--cors none`."
          },
          "paths": {
            "/tiles/{layer}/{z}/{x}/{y}.{format}": {
              "get": {
                "operationId": "getTile",
                "tags": ["tiles"],
                "summary": "A 256 px tile in the format its extension names: `png`, `webp` or `jpg` (`jpeg`); `{y}@1x.{format}` is the same tile",
                "parameters": [
                  { "$ref": "#/components/parameters/Layer" },
                  { "$ref": "#/components/parameters/Z" },
                  { "$ref": "#/components/parameters/X" },
                  { "$ref": "#/components/parameters/Y" },
                  { "$ref": "#/components/parameters/Format" },
                  { "$ref": "#/components/parameters/Rescale" },
                  { "$ref": "#/components/parameters/ColormapNameQuery" },
                  { "$ref": "#/components/parameters/ColormapQuery" },
                  { "$ref": "#/components/parameters/Expression" },
                  { "$ref": "#/components/parameters/Bidx" },
                  { "$ref": "#/components/parameters/ResamplingQuery" },
                  { "$ref": "#/components/parameters/Reproject" },
                  { "$ref": "#/components/parameters/Nodata" },
                  { "$ref": "#/components/parameters/ReturnMask" },
                  { "$ref": "#/components/parameters/IfNoneMatch" }
                ],
                "responses": {
                  "200": { "$ref": "#/components/responses/Tile" },
                  "204": { "$ref": "#/components/responses/OutsideTheData" },
                  "304": { "$ref": "#/components/responses/NotModified" },
                  "400": { "$ref": "#/components/responses/BadRequest" },
                  "404": { "$ref": "#/components/responses/NotFound" },
                  "414": { "$ref": "#/components/responses/URITooLong" },
                  "500": { "$ref": "#/components/responses/RenderFailed" },
                  "503": { "$ref": "#/components/responses/Busy" }
                }
              }
            },
            "/tiles/{layer}/{z}/{x}/{y}": {
              "get": {
                "operationId": "getTileNegotiated",
                "tags": ["tiles"],
                "summary": "The same tile in the format the `Accept` header prefers among those the layer serves (its default when none is preferred); answered with `Vary: Accept`",
                "parameters": [
                  { "$ref": "#/components/parameters/Layer" },
                  { "$ref": "#/components/parameters/Z" },
                  { "$ref": "#/components/parameters/X" },
                  { "$ref": "#/components/parameters/Y" },
                  { "$ref": "#/components/parameters/Accept" },
                  { "$ref": "#/components/parameters/Rescale" },
                  { "$ref": "#/components/parameters/ColormapNameQuery" },
                  { "$ref": "#/components/parameters/ColormapQuery" },
                  { "$ref": "#/components/parameters/Expression" },
                  { "$ref": "#/components/parameters/Bidx" },
                  { "$ref": "#/components/parameters/ResamplingQuery" },
                  { "$ref": "#/components/parameters/Reproject" },
                  { "$ref": "#/components/parameters/Nodata" },
                  { "$ref": "#/components/parameters/ReturnMask" },
                  { "$ref": "#/components/parameters/IfNoneMatch" }
                ],
                "responses": {
                  "200": { "$ref": "#/components/responses/Tile" },
                  "204": { "$ref": "#/components/responses/OutsideTheData" },
                  "304": { "$ref": "#/components/responses/NotModified" },
                  "400": { "$ref": "#/components/responses/BadRequest" },
                  "404": { "$ref": "#/components/responses/NotFound" },
                  "414": { "$ref": "#/components/responses/URITooLong" },
                  "500": { "$ref": "#/components/responses/RenderFailed" },
                  "503": { "$ref": "#/components/responses/Busy" }
                }
              }
            },
            "/tiles/{layer}/{z}/{x}/{y}@2x.{format}": {
              "get": {
                "operationId": "getTile2x",
                "tags": ["tiles"],
                "summary": "A 512 px tile of the same area, for high-density screens",
                "parameters": [
                  { "$ref": "#/components/parameters/Layer" },
                  { "$ref": "#/components/parameters/Z" },
                  { "$ref": "#/components/parameters/X" },
                  { "$ref": "#/components/parameters/Y" },
                  { "$ref": "#/components/parameters/Format" },
                  { "$ref": "#/components/parameters/Rescale" },
                  { "$ref": "#/components/parameters/ColormapNameQuery" },
                  { "$ref": "#/components/parameters/ColormapQuery" },
                  { "$ref": "#/components/parameters/Expression" },
                  { "$ref": "#/components/parameters/Bidx" },
                  { "$ref": "#/components/parameters/ResamplingQuery" },
                  { "$ref": "#/components/parameters/Reproject" },
                  { "$ref": "#/components/parameters/Nodata" },
                  { "$ref": "#/components/parameters/ReturnMask" },
                  { "$ref": "#/components/parameters/IfNoneMatch" }
                ],
                "responses": {
                  "200": { "$ref": "#/components/responses/Tile" },
                  "204": { "$ref": "#/components/responses/OutsideTheData" },
                  "304": { "$ref": "#/components/responses/NotModified" },
                  "400": { "$ref": "#/components/responses/BadRequest" },
                  "404": { "$ref": "#/components/responses/NotFound" },
                  "414": { "$ref": "#/components/responses/URITooLong" },
                  "500": { "$ref": "#/components/responses/RenderFailed" },
                  "503": { "$ref": "#/components/responses/Busy" }
                }
              }
            },
            "/tiles/{layer}/{z}/{x}/{y}@2x": {
              "get": {
                "operationId": "getTile2xNegotiated",
                "tags": ["tiles"],
                "summary": "The same tile in the format the `Accept` header prefers among those the layer serves (its default when none is preferred); answered with `Vary: Accept`",
                "parameters": [
                  { "$ref": "#/components/parameters/Layer" },
                  { "$ref": "#/components/parameters/Z" },
                  { "$ref": "#/components/parameters/X" },
                  { "$ref": "#/components/parameters/Y" },
                  { "$ref": "#/components/parameters/Accept" },
                  { "$ref": "#/components/parameters/Rescale" },
                  { "$ref": "#/components/parameters/ColormapNameQuery" },
                  { "$ref": "#/components/parameters/ColormapQuery" },
                  { "$ref": "#/components/parameters/Expression" },
                  { "$ref": "#/components/parameters/Bidx" },
                  { "$ref": "#/components/parameters/ResamplingQuery" },
                  { "$ref": "#/components/parameters/Reproject" },
                  { "$ref": "#/components/parameters/Nodata" },
                  { "$ref": "#/components/parameters/ReturnMask" },
                  { "$ref": "#/components/parameters/IfNoneMatch" }
                ],
                "responses": {
                  "200": { "$ref": "#/components/responses/Tile" },
                  "204": { "$ref": "#/components/responses/OutsideTheData" },
                  "304": { "$ref": "#/components/responses/NotModified" },
                  "400": { "$ref": "#/components/responses/BadRequest" },
                  "404": { "$ref": "#/components/responses/NotFound" },
                  "414": { "$ref": "#/components/responses/URITooLong" },
                  "500": { "$ref": "#/components/responses/RenderFailed" },
                  "503": { "$ref": "#/components/responses/Busy" }
                }
              }
            },
            "/tiles/{layer}/{tileMatrixSet}/{z}/{x}/{y}.{format}": {
              "get": {
                "operationId": "getTileInTileMatrixSet",
                "tags": ["tiles"],
                "summary": "A 256 px tile in the format its extension names: `png`, `webp` or `jpg` (`jpeg`); `{y}@1x.{format}` is the same tile, in a named tile matrix set (`WebMercatorQuad` or `WorldCRS84Quad`)",
                "parameters": [
                  { "$ref": "#/components/parameters/Layer" },
                  { "$ref": "#/components/parameters/TileMatrixSet" },
                  { "$ref": "#/components/parameters/Z" },
                  { "$ref": "#/components/parameters/X" },
                  { "$ref": "#/components/parameters/Y" },
                  { "$ref": "#/components/parameters/Format" },
                  { "$ref": "#/components/parameters/Rescale" },
                  { "$ref": "#/components/parameters/ColormapNameQuery" },
                  { "$ref": "#/components/parameters/ColormapQuery" },
                  { "$ref": "#/components/parameters/Expression" },
                  { "$ref": "#/components/parameters/Bidx" },
                  { "$ref": "#/components/parameters/ResamplingQuery" },
                  { "$ref": "#/components/parameters/Reproject" },
                  { "$ref": "#/components/parameters/Nodata" },
                  { "$ref": "#/components/parameters/ReturnMask" },
                  { "$ref": "#/components/parameters/IfNoneMatch" }
                ],
                "responses": {
                  "200": { "$ref": "#/components/responses/Tile" },
                  "204": { "$ref": "#/components/responses/OutsideTheData" },
                  "304": { "$ref": "#/components/responses/NotModified" },
                  "400": { "$ref": "#/components/responses/BadRequest" },
                  "404": { "$ref": "#/components/responses/NotFound" },
                  "414": { "$ref": "#/components/responses/URITooLong" },
                  "500": { "$ref": "#/components/responses/RenderFailed" },
                  "503": { "$ref": "#/components/responses/Busy" }
                }
              }
            },
            "/tiles/{layer}/{tileMatrixSet}/{z}/{x}/{y}": {
              "get": {
                "operationId": "getTileNegotiatedInTileMatrixSet",
                "tags": ["tiles"],
                "summary": "The same tile in the format the `Accept` header prefers among those the layer serves (its default when none is preferred); answered with `Vary: Accept`, in a named tile matrix set (`WebMercatorQuad` or `WorldCRS84Quad`)",
                "parameters": [
                  { "$ref": "#/components/parameters/Layer" },
                  { "$ref": "#/components/parameters/TileMatrixSet" },
                  { "$ref": "#/components/parameters/Z" },
                  { "$ref": "#/components/parameters/X" },
                  { "$ref": "#/components/parameters/Y" },
                  { "$ref": "#/components/parameters/Accept" },
                  { "$ref": "#/components/parameters/Rescale" },
                  { "$ref": "#/components/parameters/ColormapNameQuery" },
                  { "$ref": "#/components/parameters/ColormapQuery" },
                  { "$ref": "#/components/parameters/Expression" },
                  { "$ref": "#/components/parameters/Bidx" },
                  { "$ref": "#/components/parameters/ResamplingQuery" },
                  { "$ref": "#/components/parameters/Reproject" },
                  { "$ref": "#/components/parameters/Nodata" },
                  { "$ref": "#/components/parameters/ReturnMask" },
                  { "$ref": "#/components/parameters/IfNoneMatch" }
                ],
                "responses": {
                  "200": { "$ref": "#/components/responses/Tile" },
                  "204": { "$ref": "#/components/responses/OutsideTheData" },
                  "304": { "$ref": "#/components/responses/NotModified" },
                  "400": { "$ref": "#/components/responses/BadRequest" },
                  "404": { "$ref": "#/components/responses/NotFound" },
                  "414": { "$ref": "#/components/responses/URITooLong" },
                  "500": { "$ref": "#/components/responses/RenderFailed" },
                  "503": { "$ref": "#/components/responses/Busy" }
                }
              }
            },
            "/tiles/{layer}/{tileMatrixSet}/{z}/{x}/{y}@2x.{format}": {
              "get": {
                "operationId": "getTile2xInTileMatrixSet",
                "tags": ["tiles"],
                "summary": "A 512 px tile of the same area, for high-density screens, in a named tile matrix set (`WebMercatorQuad` or `WorldCRS84Quad`)",
                "parameters": [
                  { "$ref": "#/components/parameters/Layer" },
                  { "$ref": "#/components/parameters/TileMatrixSet" },
                  { "$ref": "#/components/parameters/Z" },
                  { "$ref": "#/components/parameters/X" },
                  { "$ref": "#/components/parameters/Y" },
                  { "$ref": "#/components/parameters/Format" },
                  { "$ref": "#/components/parameters/Rescale" },
                  { "$ref": "#/components/parameters/ColormapNameQuery" },
                  { "$ref": "#/components/parameters/ColormapQuery" },
                  { "$ref": "#/components/parameters/Expression" },
                  { "$ref": "#/components/parameters/Bidx" },
                  { "$ref": "#/components/parameters/ResamplingQuery" },
                  { "$ref": "#/components/parameters/Reproject" },
                  { "$ref": "#/components/parameters/Nodata" },
                  { "$ref": "#/components/parameters/ReturnMask" },
                  { "$ref": "#/components/parameters/IfNoneMatch" }
                ],
                "responses": {
                  "200": { "$ref": "#/components/responses/Tile" },
                  "204": { "$ref": "#/components/responses/OutsideTheData" },
                  "304": { "$ref": "#/components/responses/NotModified" },
                  "400": { "$ref": "#/components/responses/BadRequest" },
                  "404": { "$ref": "#/components/responses/NotFound" },
                  "414": { "$ref": "#/components/responses/URITooLong" },
                  "500": { "$ref": "#/components/responses/RenderFailed" },
                  "503": { "$ref": "#/components/responses/Busy" }
                }
              }
            },
            "/tiles/{layer}/{tileMatrixSet}/{z}/{x}/{y}@2x": {
              "get": {
                "operationId": "getTile2xNegotiatedInTileMatrixSet",
                "tags": ["tiles"],
                "summary": "The same tile in the format the `Accept` header prefers among those the layer serves (its default when none is preferred); answered with `Vary: Accept`, in a named tile matrix set (`WebMercatorQuad` or `WorldCRS84Quad`)",
                "parameters": [
                  { "$ref": "#/components/parameters/Layer" },
                  { "$ref": "#/components/parameters/TileMatrixSet" },
                  { "$ref": "#/components/parameters/Z" },
                  { "$ref": "#/components/parameters/X" },
                  { "$ref": "#/components/parameters/Y" },
                  { "$ref": "#/components/parameters/Accept" },
                  { "$ref": "#/components/parameters/Rescale" },
                  { "$ref": "#/components/parameters/ColormapNameQuery" },
                  { "$ref": "#/components/parameters/ColormapQuery" },
                  { "$ref": "#/components/parameters/Expression" },
                  { "$ref": "#/components/parameters/Bidx" },
                  { "$ref": "#/components/parameters/ResamplingQuery" },
                  { "$ref": "#/components/parameters/Reproject" },
                  { "$ref": "#/components/parameters/Nodata" },
                  { "$ref": "#/components/parameters/ReturnMask" },
                  { "$ref": "#/components/parameters/IfNoneMatch" }
                ],
                "responses": {
                  "200": { "$ref": "#/components/responses/Tile" },
                  "204": { "$ref": "#/components/responses/OutsideTheData" },
                  "304": { "$ref": "#/components/responses/NotModified" },
                  "400": { "$ref": "#/components/responses/BadRequest" },
                  "404": { "$ref": "#/components/responses/NotFound" },
                  "414": { "$ref": "#/components/responses/URITooLong" },
                  "500": { "$ref": "#/components/responses/RenderFailed" },
                  "503": { "$ref": "#/components/responses/Busy" }
                }
              }
            },
            "/layers": {
              "get": {
                "operationId": "listLayers",
                "tags": ["layers"],
                "summary": "Every layer served, by name",
                "responses": {
                  "200": {
                    "description": "The layers.",
                    "content": {
                      "application/json": {
                        "schema": { "type": "array", "items": { "$ref": "#/components/schemas/LayerSummary" } }
                      }
                    }
                  },
                  "400": { "$ref": "#/components/responses/BadRequest" },
                  "414": { "$ref": "#/components/responses/URITooLong" }
                }
              }
            },
            "/layers/{layer}": {
              "get": {
                "operationId": "getLayer",
                "tags": ["layers"],
                "summary": "One layer with its full config: the pipeline describes itself",
                "parameters": [{ "$ref": "#/components/parameters/Layer" }],
                "responses": {
                  "200": {
                    "description": "The layer.",
                    "content": {
                      "application/json": { "schema": { "$ref": "#/components/schemas/LayerDescription" } }
                    }
                  },
                  "400": { "$ref": "#/components/responses/BadRequest" },
                  "404": { "$ref": "#/components/responses/NotFound" },
                  "414": { "$ref": "#/components/responses/URITooLong" }
                }
              }
            },
            "/layers/{layer}/tilejson.json": {
              "get": {
                "operationId": "getTileJSON",
                "tags": ["layers"],
                "summary": "TileJSON 3.0.0; tile URLs are built from `Host` (or `X-Forwarded-Host` and `X-Forwarded-Proto`)",
                "parameters": [
                  { "$ref": "#/components/parameters/Layer" },
                  { "$ref": "#/components/parameters/Rescale" },
                  { "$ref": "#/components/parameters/ColormapNameQuery" },
                  { "$ref": "#/components/parameters/ColormapQuery" },
                  { "$ref": "#/components/parameters/Expression" },
                  { "$ref": "#/components/parameters/Bidx" },
                  { "$ref": "#/components/parameters/ResamplingQuery" },
                  { "$ref": "#/components/parameters/Reproject" },
                  { "$ref": "#/components/parameters/Nodata" },
                  { "$ref": "#/components/parameters/ReturnMask" }
                ],
                "responses": {
                  "200": {
                    "description": "The layer as TileJSON.",
                    "content": {
                      "application/json": { "schema": { "$ref": "#/components/schemas/TileJSON" } }
                    }
                  },
                  "400": { "$ref": "#/components/responses/BadRequest" },
                  "404": { "$ref": "#/components/responses/NotFound" },
                  "414": { "$ref": "#/components/responses/URITooLong" }
                }
              }
            },
            "/layers/{layer}/pipeline.yaml": {
              "get": {
                "operationId": "getLayerDocument",
                "tags": ["pipelines"],
                "summary": "The layer's pipeline as an editable document: `layer:` and `pipeline:`, ready to change and post to `/pipelines`",
                "parameters": [{ "$ref": "#/components/parameters/Layer" }],
                "responses": {
                  "200": { "$ref": "#/components/responses/PipelineYAML" },
                  "400": { "$ref": "#/components/responses/BadRequest" },
                  "404": { "$ref": "#/components/responses/NotFound" },
                  "414": { "$ref": "#/components/responses/URITooLong" }
                }
              }
            },
            "/pipelines": {
              "post": {
                "operationId": "createPipeline",
                "tags": ["pipelines"],
                "summary": "Stores a pipeline drawn over a served layer's sources; the same pipeline posted again has the same id",
                "description": "The body names a served layer, which supplies the sources, bands, zooms and bounds, and a pipeline that replaces the layer's own. Only registered operators can be built; posted pipelines have tighter limits than layer files (operators, nesting, halo, estimated render memory, body size). Who may post is set by `--pipelines` (`off`, `open`, `token`: then `Authorization: Bearer <token>` is needed). Posts are rate-limited per client address.",
                "requestBody": { "$ref": "#/components/requestBodies/PipelineDocument" },
                "responses": {
                  "201": {
                    "description": "Stored (or already stored): its id, tile URL template and TileJSON.",
                    "headers": { "Location": { "description": "`/pipelines/{id}`.", "schema": { "type": "string" } } },
                    "content": { "application/json": { "schema": { "$ref": "#/components/schemas/PipelineCreated" } } }
                  },
                  "400": { "$ref": "#/components/responses/InvalidPipeline" },
                  "401": { "$ref": "#/components/responses/Unauthorized" },
                  "403": { "$ref": "#/components/responses/Forbidden" },
                  "413": { "$ref": "#/components/responses/PayloadTooLarge" },
                  "414": { "$ref": "#/components/responses/URITooLong" },
                  "429": { "$ref": "#/components/responses/TooManyRequests" },
                  "503": { "$ref": "#/components/responses/Busy" }
                }
              }
            },
            "/pipelines/validate": {
              "post": {
                "operationId": "validatePipeline",
                "tags": ["pipelines"],
                "summary": "Checks a pipeline as `POST /pipelines` would, without storing it",
                "requestBody": { "$ref": "#/components/requestBodies/PipelineDocument" },
                "responses": {
                  "200": {
                    "description": "The pipeline is valid; `id` is the id it would be stored under.",
                    "content": { "application/json": { "schema": { "$ref": "#/components/schemas/PipelineValid" } } }
                  },
                  "400": { "$ref": "#/components/responses/InvalidPipeline" },
                  "401": { "$ref": "#/components/responses/Unauthorized" },
                  "403": { "$ref": "#/components/responses/Forbidden" },
                  "413": { "$ref": "#/components/responses/PayloadTooLarge" },
                  "414": { "$ref": "#/components/responses/URITooLong" },
                  "429": { "$ref": "#/components/responses/TooManyRequests" },
                  "503": { "$ref": "#/components/responses/Busy" }
                }
              }
            },
            "/pipelines/{id}": {
              "get": {
                "operationId": "getPipeline",
                "tags": ["pipelines"],
                "summary": "A stored pipeline: its layer and its canonical config",
                "parameters": [{ "$ref": "#/components/parameters/PipelineID" }],
                "responses": {
                  "200": {
                    "description": "The recipe.",
                    "content": { "application/json": { "schema": { "$ref": "#/components/schemas/PipelineRecipe" } } }
                  },
                  "400": { "$ref": "#/components/responses/BadRequest" },
                  "403": { "$ref": "#/components/responses/Forbidden" },
                  "404": { "$ref": "#/components/responses/NotFound" },
                  "414": { "$ref": "#/components/responses/URITooLong" },
                  "503": { "$ref": "#/components/responses/Busy" }
                }
              }
            },
            "/pipelines/{id}/pipeline.yaml": {
              "get": {
                "operationId": "getPipelineDocument",
                "tags": ["pipelines"],
                "summary": "A stored pipeline as an editable YAML document",
                "parameters": [{ "$ref": "#/components/parameters/PipelineID" }],
                "responses": {
                  "200": { "$ref": "#/components/responses/PipelineYAML" },
                  "400": { "$ref": "#/components/responses/BadRequest" },
                  "403": { "$ref": "#/components/responses/Forbidden" },
                  "404": { "$ref": "#/components/responses/NotFound" },
                  "414": { "$ref": "#/components/responses/URITooLong" },
                  "503": { "$ref": "#/components/responses/Busy" }
                }
              }
            },
            "/pipelines/{id}/tilejson.json": {
              "get": {
                "operationId": "getPipelineTileJSON",
                "tags": ["pipelines"],
                "summary": "TileJSON 3.0.0 of a stored pipeline",
                "parameters": [{ "$ref": "#/components/parameters/PipelineID" }],
                "responses": {
                  "200": {
                    "description": "The pipeline's tiles as TileJSON.",
                    "content": { "application/json": { "schema": { "$ref": "#/components/schemas/TileJSON" } } }
                  },
                  "400": { "$ref": "#/components/responses/BadRequest" },
                  "403": { "$ref": "#/components/responses/Forbidden" },
                  "404": { "$ref": "#/components/responses/NotFound" },
                  "414": { "$ref": "#/components/responses/URITooLong" },
                  "503": { "$ref": "#/components/responses/Busy" }
                }
              }
            },
            "/pipelines/{id}/tiles/{z}/{x}/{y}.{format}": {
              "get": {
                "operationId": "getPipelineTile",
                "tags": ["pipelines"],
                "summary": "A 256 px tile drawn by a stored pipeline, served as a layer's tile",
                "parameters": [
                  { "$ref": "#/components/parameters/PipelineID" },
                  { "$ref": "#/components/parameters/Z" },
                  { "$ref": "#/components/parameters/X" },
                  { "$ref": "#/components/parameters/Y" },
                  { "$ref": "#/components/parameters/Format" },
                  { "$ref": "#/components/parameters/IfNoneMatch" }
                ],
                "responses": {
                  "200": { "$ref": "#/components/responses/Tile" },
                  "204": { "$ref": "#/components/responses/OutsideTheData" },
                  "304": { "$ref": "#/components/responses/NotModified" },
                  "400": { "$ref": "#/components/responses/BadRequest" },
                  "403": { "$ref": "#/components/responses/Forbidden" },
                  "404": { "$ref": "#/components/responses/NotFound" },
                  "414": { "$ref": "#/components/responses/URITooLong" },
                  "500": { "$ref": "#/components/responses/RenderFailed" },
                  "503": { "$ref": "#/components/responses/Busy" }
                }
              }
            },
            "/pipelines/{id}/tiles/{z}/{x}/{y}": {
              "get": {
                "operationId": "getPipelineTileNegotiated",
                "tags": ["pipelines"],
                "summary": "The same tile in the format the `Accept` header prefers among those the layer serves (its default when none is preferred); answered with `Vary: Accept`",
                "parameters": [
                  { "$ref": "#/components/parameters/PipelineID" },
                  { "$ref": "#/components/parameters/Z" },
                  { "$ref": "#/components/parameters/X" },
                  { "$ref": "#/components/parameters/Y" },
                  { "$ref": "#/components/parameters/Accept" },
                  { "$ref": "#/components/parameters/IfNoneMatch" }
                ],
                "responses": {
                  "200": { "$ref": "#/components/responses/Tile" },
                  "204": { "$ref": "#/components/responses/OutsideTheData" },
                  "304": { "$ref": "#/components/responses/NotModified" },
                  "400": { "$ref": "#/components/responses/BadRequest" },
                  "403": { "$ref": "#/components/responses/Forbidden" },
                  "404": { "$ref": "#/components/responses/NotFound" },
                  "414": { "$ref": "#/components/responses/URITooLong" },
                  "500": { "$ref": "#/components/responses/RenderFailed" },
                  "503": { "$ref": "#/components/responses/Busy" }
                }
              }
            },
            "/pipelines/{id}/tiles/{z}/{x}/{y}@2x.{format}": {
              "get": {
                "operationId": "getPipelineTile2x",
                "tags": ["pipelines"],
                "summary": "A 512 px tile drawn by a stored pipeline",
                "parameters": [
                  { "$ref": "#/components/parameters/PipelineID" },
                  { "$ref": "#/components/parameters/Z" },
                  { "$ref": "#/components/parameters/X" },
                  { "$ref": "#/components/parameters/Y" },
                  { "$ref": "#/components/parameters/Format" },
                  { "$ref": "#/components/parameters/IfNoneMatch" }
                ],
                "responses": {
                  "200": { "$ref": "#/components/responses/Tile" },
                  "204": { "$ref": "#/components/responses/OutsideTheData" },
                  "304": { "$ref": "#/components/responses/NotModified" },
                  "400": { "$ref": "#/components/responses/BadRequest" },
                  "403": { "$ref": "#/components/responses/Forbidden" },
                  "404": { "$ref": "#/components/responses/NotFound" },
                  "414": { "$ref": "#/components/responses/URITooLong" },
                  "500": { "$ref": "#/components/responses/RenderFailed" },
                  "503": { "$ref": "#/components/responses/Busy" }
                }
              }
            },
            "/pipelines/{id}/tiles/{z}/{x}/{y}@2x": {
              "get": {
                "operationId": "getPipelineTile2xNegotiated",
                "tags": ["pipelines"],
                "summary": "The same tile in the format the `Accept` header prefers among those the layer serves (its default when none is preferred); answered with `Vary: Accept`",
                "parameters": [
                  { "$ref": "#/components/parameters/PipelineID" },
                  { "$ref": "#/components/parameters/Z" },
                  { "$ref": "#/components/parameters/X" },
                  { "$ref": "#/components/parameters/Y" },
                  { "$ref": "#/components/parameters/Accept" },
                  { "$ref": "#/components/parameters/IfNoneMatch" }
                ],
                "responses": {
                  "200": { "$ref": "#/components/responses/Tile" },
                  "204": { "$ref": "#/components/responses/OutsideTheData" },
                  "304": { "$ref": "#/components/responses/NotModified" },
                  "400": { "$ref": "#/components/responses/BadRequest" },
                  "403": { "$ref": "#/components/responses/Forbidden" },
                  "404": { "$ref": "#/components/responses/NotFound" },
                  "414": { "$ref": "#/components/responses/URITooLong" },
                  "500": { "$ref": "#/components/responses/RenderFailed" },
                  "503": { "$ref": "#/components/responses/Busy" }
                }
              }
            },
            "/layers/{layer}/point/{lon},{lat}": {
              "get": {
                "operationId": "getLayerPoint",
                "tags": ["queries"],
                "summary": "A layer's values at a point: its sources' pixel values and its pipeline's values before the final colormap",
                "description": "Each source's value at the source pixel holding the point, read at full resolution without resampling, as `gdallocationinfo -wgs84` reads it (a mosaic composites the pixels of the files holding the point by its method: for `first` the first valid file in path order), and the pipeline's values before its final colormap, computed as a tile at the source's resolution would draw them (resampled as the layer resamples). Nodata is null. A point outside the data is 200 with null values and `inside: false`. Runs on the render threads, under the tiles' queue and budget.",
                "parameters": [
                  { "$ref": "#/components/parameters/Layer" },
                  { "$ref": "#/components/parameters/Lon" },
                  { "$ref": "#/components/parameters/Lat" }
                ],
                "responses": {
                  "200": { "$ref": "#/components/responses/PointValues" },
                  "400": { "$ref": "#/components/responses/BadRequest" },
                  "404": { "$ref": "#/components/responses/NotFound" },
                  "414": { "$ref": "#/components/responses/URITooLong" },
                  "500": { "$ref": "#/components/responses/RenderFailed" },
                  "503": { "$ref": "#/components/responses/Busy" }
                }
              }
            },
            "/layers/{layer}/bbox/{minx},{miny},{maxx},{maxy}/{width}x{height}.png": {
              "get": {
                "operationId": "getLayerBBoxPNG",
                "tags": ["queries"],
                "summary": "An image of a box drawn by the layer's pipeline, as its tiles are",
                "description": "The box is in EPSG:4326 (longitude, latitude) unless `dst_crs` names another CRS; the pixels are those `gdalwarp -t_srs CRS -te minx miny maxx maxy -ts width height` gives from the sources (each source read with its own resampling, from the overview gdalwarp would pick), then the pipeline. At most `--query-max-pixels` pixels (16,777,216 by default), the pipeline's halo included: 413 beyond. Runs on the render threads under the render budget.",
                "parameters": [
                  { "$ref": "#/components/parameters/Layer" },
                  { "$ref": "#/components/parameters/MinX" },
                  { "$ref": "#/components/parameters/MinY" },
                  { "$ref": "#/components/parameters/MaxX" },
                  { "$ref": "#/components/parameters/MaxY" },
                  { "$ref": "#/components/parameters/Width" },
                  { "$ref": "#/components/parameters/Height" },
                  { "$ref": "#/components/parameters/DstCRS" }
                ],
                "responses": {
                  "200": { "$ref": "#/components/responses/QueryPNG" },
                  "400": { "$ref": "#/components/responses/BadRequest" },
                  "404": { "$ref": "#/components/responses/NotFound" },
                  "413": { "$ref": "#/components/responses/TooManyPixels" },
                  "414": { "$ref": "#/components/responses/URITooLong" },
                  "500": { "$ref": "#/components/responses/RenderFailed" },
                  "503": { "$ref": "#/components/responses/Busy" }
                }
              }
            },
            "/layers/{layer}/info": {
              "get": {
                "operationId": "getLayerInfo",
                "tags": ["queries"],
                "summary": "What a layer reads, source by source: bands, data types, nodata, CRS, resolution, bounds, overviews, files",
                "description": "For a source of one file: driver, size, each band's data type, colour interpretation, nodata and overviews, the CRS (EPSG code when identified, name, WKT), geotransform, resolution in CRS units and longitude/latitude bounds. For a mosaic: the number of files, the union of their bounds, each distinct CRS with its number of files and finest resolution, the finest resolution of all in metres, and each band's distinct nodata values.",
                "parameters": [{ "$ref": "#/components/parameters/Layer" }],
                "responses": {
                  "200": { "$ref": "#/components/responses/LayerInfo" },
                  "400": { "$ref": "#/components/responses/BadRequest" },
                  "404": { "$ref": "#/components/responses/NotFound" },
                  "414": { "$ref": "#/components/responses/URITooLong" },
                  "500": { "$ref": "#/components/responses/RenderFailed" },
                  "503": { "$ref": "#/components/responses/Busy" }
                }
              }
            },
            "/layers/{layer}/bbox/{minx},{miny},{maxx},{maxy}/{width}x{height}.tif": {
              "get": {
                "operationId": "getLayerBBoxGeoTIFF",
                "tags": ["queries"],
                "summary": "The layer's values before its final colormap over a box, as a Float32 GeoTIFF",
                "description": "The box is in EPSG:4326 (longitude, latitude) unless `dst_crs` names another CRS; the pixels are those `gdalwarp -t_srs CRS -te minx miny maxx maxy -ts width height` gives from the sources (each source read with its own resampling, from the overview gdalwarp would pick), then the pipeline. At most `--query-max-pixels` pixels (16,777,216 by default), the pipeline's halo included: 413 beyond. Runs on the render threads under the render budget.",
                "parameters": [
                  { "$ref": "#/components/parameters/Layer" },
                  { "$ref": "#/components/parameters/MinX" },
                  { "$ref": "#/components/parameters/MinY" },
                  { "$ref": "#/components/parameters/MaxX" },
                  { "$ref": "#/components/parameters/MaxY" },
                  { "$ref": "#/components/parameters/Width" },
                  { "$ref": "#/components/parameters/Height" },
                  { "$ref": "#/components/parameters/DstCRS" }
                ],
                "responses": {
                  "200": { "$ref": "#/components/responses/QueryGeoTIFF" },
                  "400": { "$ref": "#/components/responses/BadRequest" },
                  "404": { "$ref": "#/components/responses/NotFound" },
                  "413": { "$ref": "#/components/responses/TooManyPixels" },
                  "414": { "$ref": "#/components/responses/URITooLong" },
                  "500": { "$ref": "#/components/responses/RenderFailed" },
                  "503": { "$ref": "#/components/responses/Busy" }
                }
              }
            },
            "/pipelines/{id}/point/{lon},{lat}": {
              "get": {
                "operationId": "getPipelinePoint",
                "tags": ["queries"],
                "summary": "A stored pipeline's values at a point, as a layer's",
                "parameters": [
                  { "$ref": "#/components/parameters/PipelineID" },
                  { "$ref": "#/components/parameters/Lon" },
                  { "$ref": "#/components/parameters/Lat" }
                ],
                "responses": {
                  "200": { "$ref": "#/components/responses/PointValues" },
                  "400": { "$ref": "#/components/responses/BadRequest" },
                  "403": { "$ref": "#/components/responses/Forbidden" },
                  "404": { "$ref": "#/components/responses/NotFound" },
                  "414": { "$ref": "#/components/responses/URITooLong" },
                  "500": { "$ref": "#/components/responses/RenderFailed" },
                  "503": { "$ref": "#/components/responses/Busy" }
                }
              }
            },
            "/compare/{a}/{b}/{z}/{x}/{y}.png": {
              "get": {
                "operationId": "getCompareTile",
                "tags": ["queries"],
                "summary": "Where and by how much two layers (or stored pipelines) differ over one tile: b − a of their first value band before the final colormap, through a diverging colormap (blue below 0, white at 0, red above), transparent where neither has data",
                "description": "`range` sets the difference drawn at full colour (default: the tile's largest difference). 204 when neither layer has data over the tile. Layers serving an archive's stored tiles have no values: 404.",
                "parameters": [
                  { "$ref": "#/components/parameters/CompareA" },
                  { "$ref": "#/components/parameters/CompareB" },
                  { "$ref": "#/components/parameters/Z" },
                  { "$ref": "#/components/parameters/X" },
                  { "$ref": "#/components/parameters/Y" },
                  {
                    "name": "range", "in": "query", "required": false,
                    "description": "The absolute difference drawn at full colour, in the layers' value units.",
                    "schema": { "type": "number", "exclusiveMinimum": 0 }
                  }
                ],
                "responses": {
                  "200": { "$ref": "#/components/responses/QueryPNG" },
                  "204": { "description": "Neither layer has data over the tile." },
                  "400": { "$ref": "#/components/responses/BadRequest" },
                  "404": { "$ref": "#/components/responses/NotFound" },
                  "414": { "$ref": "#/components/responses/URITooLong" },
                  "500": { "$ref": "#/components/responses/RenderFailed" },
                  "503": { "$ref": "#/components/responses/Busy" }
                }
              }
            },
            "/layers/{layer}/preview.png": {
              "get": {
                "operationId": "getLayerPreview",
                "tags": ["queries"],
                "summary": "The whole layer in one PNG (EPSG:3857), its longest side `max_size` pixels, read from overviews",
                "parameters": [
                  { "$ref": "#/components/parameters/Layer" },
                  { "$ref": "#/components/parameters/MaxSize" }
                ],
                "responses": {
                  "200": { "$ref": "#/components/responses/QueryPNG" },
                  "400": { "$ref": "#/components/responses/BadRequest" },
                  "404": { "$ref": "#/components/responses/NotFound" },
                  "413": { "$ref": "#/components/responses/TooManyPixels" },
                  "414": { "$ref": "#/components/responses/URITooLong" },
                  "500": { "$ref": "#/components/responses/RenderFailed" },
                  "503": { "$ref": "#/components/responses/Busy" }
                }
              }
            },
            "/layers/{layer}/statistics": {
              "get": {
                "operationId": "getLayerStatistics",
                "tags": ["queries"],
                "summary": "Statistics of every source band and every band of the pipeline's values (before its final colormap) over a longitude/latitude box (the whole layer without `bbox`)",
                "description": "Computed on the first source's own grid (its CRS and pixels): of its full raster when the area takes at most `--statistics-max-pixels` pixels (2,097,152 by default), else of the finest overview that does (413 when none does); `grid` says which. Pixels count when their centre lies in the area. `percentiles` holds 2, 50, 98 and each `p`; percentiles and the histogram are numpy's (`numpy.percentile`, linear; `numpy.histogram`).",
                "parameters": [
                  { "$ref": "#/components/parameters/Layer" },
                  { "$ref": "#/components/parameters/StatisticsBBox" },
                  { "$ref": "#/components/parameters/Percentile" },
                  { "$ref": "#/components/parameters/Bins" }
                ],
                "responses": {
                  "200": { "$ref": "#/components/responses/Statistics" },
                  "400": { "$ref": "#/components/responses/BadRequest" },
                  "404": { "$ref": "#/components/responses/NotFound" },
                  "413": { "$ref": "#/components/responses/TooManyPixels" },
                  "414": { "$ref": "#/components/responses/URITooLong" },
                  "500": { "$ref": "#/components/responses/RenderFailed" },
                  "503": { "$ref": "#/components/responses/Busy" }
                }
              },
              "post": {
                "operationId": "getLayerStatisticsForArea",
                "tags": ["queries"],
                "summary": "The same statistics over a posted GeoJSON Polygon, MultiPolygon or Feature (longitude/latitude)",
                "parameters": [
                  { "$ref": "#/components/parameters/Layer" },
                  { "$ref": "#/components/parameters/Percentile" },
                  { "$ref": "#/components/parameters/Bins" }
                ],
                "requestBody": { "$ref": "#/components/requestBodies/GeoJSONArea" },
                "responses": {
                  "200": { "$ref": "#/components/responses/Statistics" },
                  "405": { "$ref": "#/components/responses/MethodNotAllowed" },
                  "400": { "$ref": "#/components/responses/BadRequest" },
                  "404": { "$ref": "#/components/responses/NotFound" },
                  "413": { "$ref": "#/components/responses/TooManyPixels" },
                  "414": { "$ref": "#/components/responses/URITooLong" },
                  "500": { "$ref": "#/components/responses/RenderFailed" },
                  "503": { "$ref": "#/components/responses/Busy" }
                }
              }
            },
            "/pipelines/{id}/bbox/{minx},{miny},{maxx},{maxy}/{width}x{height}.png": {
              "get": {
                "operationId": "getPipelineBBoxPNG",
                "tags": ["pipelines"],
                "summary": "An image of a box drawn by the stored pipeline's pipeline, as its tiles are",
                "description": "The box is in EPSG:4326 (longitude, latitude) unless `dst_crs` names another CRS; the pixels are those `gdalwarp -t_srs CRS -te minx miny maxx maxy -ts width height` gives from the sources (each source read with its own resampling, from the overview gdalwarp would pick), then the pipeline. At most `--query-max-pixels` pixels (16,777,216 by default), the pipeline's halo included: 413 beyond. Runs on the render threads under the render budget.",
                "parameters": [
                  { "$ref": "#/components/parameters/PipelineID" },
                  { "$ref": "#/components/parameters/MinX" },
                  { "$ref": "#/components/parameters/MinY" },
                  { "$ref": "#/components/parameters/MaxX" },
                  { "$ref": "#/components/parameters/MaxY" },
                  { "$ref": "#/components/parameters/Width" },
                  { "$ref": "#/components/parameters/Height" },
                  { "$ref": "#/components/parameters/DstCRS" }
                ],
                "responses": {
                  "200": { "$ref": "#/components/responses/QueryPNG" },
                  "400": { "$ref": "#/components/responses/BadRequest" },
                  "403": { "$ref": "#/components/responses/Forbidden" },
                  "404": { "$ref": "#/components/responses/NotFound" },
                  "413": { "$ref": "#/components/responses/TooManyPixels" },
                  "414": { "$ref": "#/components/responses/URITooLong" },
                  "500": { "$ref": "#/components/responses/RenderFailed" },
                  "503": { "$ref": "#/components/responses/Busy" }
                }
              }
            },
            "/pipelines/{id}/info": {
              "get": {
                "operationId": "getPipelineInfo",
                "tags": ["queries"],
                "summary": "What a stored pipeline's layer reads, as a layer's",
                "parameters": [{ "$ref": "#/components/parameters/PipelineID" }],
                "responses": {
                  "200": { "$ref": "#/components/responses/LayerInfo" },
                  "400": { "$ref": "#/components/responses/BadRequest" },
                  "403": { "$ref": "#/components/responses/Forbidden" },
                  "404": { "$ref": "#/components/responses/NotFound" },
                  "414": { "$ref": "#/components/responses/URITooLong" },
                  "500": { "$ref": "#/components/responses/RenderFailed" },
                  "503": { "$ref": "#/components/responses/Busy" }
                }
              }
            },
            "/pipelines/{id}/bbox/{minx},{miny},{maxx},{maxy}/{width}x{height}.tif": {
              "get": {
                "operationId": "getPipelineBBoxGeoTIFF",
                "tags": ["pipelines"],
                "summary": "The stored pipeline's values before its final colormap over a box, as a Float32 GeoTIFF",
                "description": "The box is in EPSG:4326 (longitude, latitude) unless `dst_crs` names another CRS; the pixels are those `gdalwarp -t_srs CRS -te minx miny maxx maxy -ts width height` gives from the sources (each source read with its own resampling, from the overview gdalwarp would pick), then the pipeline. At most `--query-max-pixels` pixels (16,777,216 by default), the pipeline's halo included: 413 beyond. Runs on the render threads under the render budget.",
                "parameters": [
                  { "$ref": "#/components/parameters/PipelineID" },
                  { "$ref": "#/components/parameters/MinX" },
                  { "$ref": "#/components/parameters/MinY" },
                  { "$ref": "#/components/parameters/MaxX" },
                  { "$ref": "#/components/parameters/MaxY" },
                  { "$ref": "#/components/parameters/Width" },
                  { "$ref": "#/components/parameters/Height" },
                  { "$ref": "#/components/parameters/DstCRS" }
                ],
                "responses": {
                  "200": { "$ref": "#/components/responses/QueryGeoTIFF" },
                  "400": { "$ref": "#/components/responses/BadRequest" },
                  "403": { "$ref": "#/components/responses/Forbidden" },
                  "404": { "$ref": "#/components/responses/NotFound" },
                  "413": { "$ref": "#/components/responses/TooManyPixels" },
                  "414": { "$ref": "#/components/responses/URITooLong" },
                  "500": { "$ref": "#/components/responses/RenderFailed" },
                  "503": { "$ref": "#/components/responses/Busy" }
                }
              }
            },
            "/pipelines/{id}/preview.png": {
              "get": {
                "operationId": "getPipelinePreview",
                "tags": ["pipelines"],
                "summary": "The whole stored pipeline in one PNG (EPSG:3857), its longest side `max_size` pixels, read from overviews",
                "parameters": [
                  { "$ref": "#/components/parameters/PipelineID" },
                  { "$ref": "#/components/parameters/MaxSize" }
                ],
                "responses": {
                  "200": { "$ref": "#/components/responses/QueryPNG" },
                  "400": { "$ref": "#/components/responses/BadRequest" },
                  "403": { "$ref": "#/components/responses/Forbidden" },
                  "404": { "$ref": "#/components/responses/NotFound" },
                  "413": { "$ref": "#/components/responses/TooManyPixels" },
                  "414": { "$ref": "#/components/responses/URITooLong" },
                  "500": { "$ref": "#/components/responses/RenderFailed" },
                  "503": { "$ref": "#/components/responses/Busy" }
                }
              }
            },
            "/pipelines/{id}/statistics": {
              "get": {
                "operationId": "getPipelineStatistics",
                "tags": ["pipelines"],
                "summary": "Statistics of every source band and every band of the pipeline's values (before its final colormap) over a longitude/latitude box (the whole layer without `bbox`)",
                "description": "Computed on the first source's own grid (its CRS and pixels): of its full raster when the area takes at most `--statistics-max-pixels` pixels (2,097,152 by default), else of the finest overview that does (413 when none does); `grid` says which. Pixels count when their centre lies in the area. `percentiles` holds 2, 50, 98 and each `p`; percentiles and the histogram are numpy's (`numpy.percentile`, linear; `numpy.histogram`).",
                "parameters": [
                  { "$ref": "#/components/parameters/PipelineID" },
                  { "$ref": "#/components/parameters/StatisticsBBox" },
                  { "$ref": "#/components/parameters/Percentile" },
                  { "$ref": "#/components/parameters/Bins" }
                ],
                "responses": {
                  "200": { "$ref": "#/components/responses/Statistics" },
                  "400": { "$ref": "#/components/responses/BadRequest" },
                  "403": { "$ref": "#/components/responses/Forbidden" },
                  "404": { "$ref": "#/components/responses/NotFound" },
                  "413": { "$ref": "#/components/responses/TooManyPixels" },
                  "414": { "$ref": "#/components/responses/URITooLong" },
                  "500": { "$ref": "#/components/responses/RenderFailed" },
                  "503": { "$ref": "#/components/responses/Busy" }
                }
              },
              "post": {
                "operationId": "getPipelineStatisticsForArea",
                "tags": ["pipelines"],
                "summary": "The same statistics over a posted GeoJSON Polygon, MultiPolygon or Feature (longitude/latitude)",
                "parameters": [
                  { "$ref": "#/components/parameters/PipelineID" },
                  { "$ref": "#/components/parameters/Percentile" },
                  { "$ref": "#/components/parameters/Bins" }
                ],
                "requestBody": { "$ref": "#/components/requestBodies/GeoJSONArea" },
                "responses": {
                  "200": { "$ref": "#/components/responses/Statistics" },
                  "405": { "$ref": "#/components/responses/MethodNotAllowed" },
                  "400": { "$ref": "#/components/responses/BadRequest" },
                  "403": { "$ref": "#/components/responses/Forbidden" },
                  "404": { "$ref": "#/components/responses/NotFound" },
                  "413": { "$ref": "#/components/responses/TooManyPixels" },
                  "414": { "$ref": "#/components/responses/URITooLong" },
                  "500": { "$ref": "#/components/responses/RenderFailed" },
                  "503": { "$ref": "#/components/responses/Busy" }
                }
              }
            },
            "/colormaps": {
              "get": {
                "operationId": "listColormaps",
                "tags": ["colormaps"],
                "summary": "The names of the named colormaps",
                "responses": {
                  "200": {
                    "description": "Colormap names.",
                    "content": {
                      "application/json": { "schema": { "type": "array", "items": { "type": "string" } } }
                    }
                  },
                  "400": { "$ref": "#/components/responses/BadRequest" },
                  "414": { "$ref": "#/components/responses/URITooLong" }
                }
              }
            },
            "/colormaps/{name}": {
              "get": {
                "operationId": "getColormap",
                "tags": ["colormaps"],
                "summary": "A colormap's lookup table",
                "parameters": [{ "$ref": "#/components/parameters/ColormapName" }],
                "responses": {
                  "200": {
                    "description": "The lookup table: 256 RGBA entries.",
                    "content": {
                      "application/json": { "schema": { "$ref": "#/components/schemas/Colormap" } }
                    }
                  },
                  "400": { "$ref": "#/components/responses/BadRequest" },
                  "404": { "$ref": "#/components/responses/NotFound" },
                  "414": { "$ref": "#/components/responses/URITooLong" }
                }
              }
            },
            "/colormaps/{name}.png": {
              "get": {
                "operationId": "getColormapLegend",
                "tags": ["colormaps"],
                "summary": "A colormap as a horizontal legend image",
                "parameters": [{ "$ref": "#/components/parameters/ColormapName" }],
                "responses": {
                  "200": {
                    "description": "The legend.",
                    "headers": { "Cache-Control": { "$ref": "#/components/headers/CacheControl" } },
                    "content": { "image/png": { "schema": { "type": "string", "contentMediaType": "image/png" } } }
                  },
                  "400": { "$ref": "#/components/responses/BadRequest" },
                  "404": { "$ref": "#/components/responses/NotFound" },
                  "414": { "$ref": "#/components/responses/URITooLong" }
                }
              }
            },
            "/health": {
              "get": {
                "operationId": "getHealth",
                "tags": ["operations"],
                "summary": "Liveness and the state of each dependency; 200 even when degraded (tiles are still served)",
                "responses": {
                  "200": {
                    "description": "The health report.",
                    "content": {
                      "application/json": { "schema": { "$ref": "#/components/schemas/Health" } }
                    }
                  },
                  "400": { "$ref": "#/components/responses/BadRequest" },
                  "414": { "$ref": "#/components/responses/URITooLong" }
                }
              }
            },
            "/metrics": {
              "get": {
                "operationId": "getMetrics",
                "tags": ["operations"],
                "summary": "Prometheus metrics in the text exposition format",
                "responses": {
                  "200": {
                    "description": "The metrics.",
                    "content": { "text/plain": { "schema": { "type": "string" } } }
                  },
                  "400": { "$ref": "#/components/responses/BadRequest" },
                  "414": { "$ref": "#/components/responses/URITooLong" }
                }
              }
            },
            "/wmts/1.0.0/WMTSCapabilities.xml": {
              "get": {
                "operationId": "getWMTSCapabilities",
                "tags": ["layers"],
                "summary": "WMTS 1.0.0 capabilities (RESTful)",
                "description": "Every layer with its WGS 84 bounds, its default style, its formats (each a ResourceURL template over /tiles/{layer}/{TileMatrix}/{TileCol}/{TileRow}.{format}), and the limits of its zoom range in the WebMercatorQuad tile matrix set (OGC's GoogleMapsCompatible well-known scale set). QGIS, ArcGIS, OWSLib and GDAL's WMTS driver open it.",
                "responses": {
                  "200": {
                    "description": "The capabilities document.",
                    "content": { "application/xml": { "schema": { "type": "string" } } }
                  },
                  "400": { "$ref": "#/components/responses/BadRequest" },
                  "414": { "$ref": "#/components/responses/URITooLong" }
                }
              }
            },
            "/openapi.json": {
              "get": {
                "operationId": "getOpenAPI",
                "tags": ["documentation"],
                "summary": "This document",
                "parameters": [{ "$ref": "#/components/parameters/IfNoneMatch" }],
                "responses": {
                  "200": {
                    "description": "The OpenAPI 3.1 document.",
                    "headers": { "ETag": { "$ref": "#/components/headers/ETag" } },
                    "content": {
                      "application/json": {
                        "schema": { "type": "object", "required": ["openapi", "info", "paths"] }
                      }
                    }
                  },
                  "304": { "$ref": "#/components/responses/NotModified" },
                  "400": { "$ref": "#/components/responses/BadRequest" },
                  "414": { "$ref": "#/components/responses/URITooLong" }
                }
              }
            },
            "/docs": {
              "get": {
                "operationId": "getDocs",
                "tags": ["documentation"],
                "summary": "This document as a page: every route, its parameters and responses",
                "parameters": [{ "$ref": "#/components/parameters/IfNoneMatch" }],
                "responses": {
                  "200": { "$ref": "#/components/responses/Page" },
                  "304": { "$ref": "#/components/responses/NotModified" },
                  "400": { "$ref": "#/components/responses/BadRequest" },
                  "414": { "$ref": "#/components/responses/URITooLong" }
                }
              }
            },
            "/": {
              "get": {
                "operationId": "getViewer",
                "tags": ["viewer"],
                "summary": "The map viewer (`index.html` of the static folder); 404 when the server has no static folder",
                "parameters": [{ "$ref": "#/components/parameters/IfNoneMatch" }],
                "responses": {
                  "200": { "$ref": "#/components/responses/Page" },
                  "304": { "$ref": "#/components/responses/NotModified" },
                  "400": { "$ref": "#/components/responses/BadRequest" },
                  "404": { "$ref": "#/components/responses/NotFound" },
                  "414": { "$ref": "#/components/responses/URITooLong" }
                }
              }
            },
            "/static/{path}": {
              "get": {
                "operationId": "getStaticFile",
                "tags": ["viewer"],
                "summary": "A file of the viewer's static folder",
                "parameters": [
                  { "$ref": "#/components/parameters/FilePath" },
                  { "$ref": "#/components/parameters/IfNoneMatch" }
                ],
                "responses": {
                  "200": { "$ref": "#/components/responses/File" },
                  "304": { "$ref": "#/components/responses/NotModified" },
                  "400": { "$ref": "#/components/responses/BadRequest" },
                  "404": { "$ref": "#/components/responses/NotFound" },
                  "414": { "$ref": "#/components/responses/URITooLong" }
                }
              }
            },
            "/vendor/leaflet/{path}": {
              "get": {
                "operationId": "getLeafletFile",
                "tags": ["viewer"],
                "summary": "A file of the local Leaflet copy (Debian's libjs-leaflet)",
                "parameters": [
                  {
                    "name": "path",
                    "in": "path",
                    "required": true,
                    "description": "A path below the Leaflet folder; `/` separates folders, and no segment may be empty or start with `.`.",
                    "schema": { "type": "string", "minLength": 1 },
                    "example": "leaflet.js"
                  },
                  { "$ref": "#/components/parameters/IfNoneMatch" }
                ],
                "responses": {
                  "200": { "$ref": "#/components/responses/File" },
                  "304": { "$ref": "#/components/responses/NotModified" },
                  "400": { "$ref": "#/components/responses/BadRequest" },
                  "404": { "$ref": "#/components/responses/NotFound" },
                  "414": { "$ref": "#/components/responses/URITooLong" }
                }
              }
            },
            "/vendor/maplibre/{path}": {
              "get": {
                "operationId": "getMapLibreFile",
                "tags": ["viewer"],
                "summary": "A file of the local MapLibre GL JS copy (fetched by `make data`; 404 when absent)",
                "parameters": [
                  {
                    "name": "path",
                    "in": "path",
                    "required": true,
                    "description": "A path below the MapLibre folder; `/` separates folders, and no segment may be empty or start with `.`.",
                    "schema": { "type": "string", "minLength": 1 },
                    "example": "maplibre-gl.js"
                  },
                  { "$ref": "#/components/parameters/IfNoneMatch" }
                ],
                "responses": {
                  "200": { "$ref": "#/components/responses/File" },
                  "304": { "$ref": "#/components/responses/NotModified" },
                  "400": { "$ref": "#/components/responses/BadRequest" },
                  "404": { "$ref": "#/components/responses/NotFound" },
                  "414": { "$ref": "#/components/responses/URITooLong" }
                }
              }
            },
            "/viewer/config.json": {
              "get": {
                "operationId": "getViewerConfig",
                "tags": ["viewer"],
                "summary": "What the viewer draws beyond the layers: the basemap (`--basemap`) and whether MapLibre is served",
                "responses": {
                  "200": {
                    "description": "The viewer's settings.",
                    "content": {
                      "application/json": { "schema": { "$ref": "#/components/schemas/ViewerConfig" } }
                    }
                  },
                  "400": { "$ref": "#/components/responses/BadRequest" },
                  "414": { "$ref": "#/components/responses/URITooLong" }
                }
              }
            }
          },
          "components": {
            "requestBodies": {
              "GeoJSONArea": {
                "required": true,
                "description": "A GeoJSON Polygon, MultiPolygon, Feature of one, or FeatureCollection of such Features, in longitude/latitude; at most 20,000 positions and the server's body limit (`--pipeline-body-limit`).",
                "content": { "application/json": { "schema": { "$ref": "#/components/schemas/GeoJSONArea" } } }
              },
              "PipelineDocument": {
                "required": true,
                "description": "`{layer, pipeline}` as JSON or YAML.",
                "content": {
                  "application/json": { "schema": { "$ref": "#/components/schemas/PipelineDocument" } },
                  "application/yaml": { "schema": { "$ref": "#/components/schemas/PipelineDocument" } }
                }
              }
            },
            "parameters": {
              "Layer": {
                "name": "layer",
                "in": "path",
                "required": true,
                "description": "A layer's name, as listed by `/layers`: letters, digits, `-` and `_`.",
                "schema": { "type": "string", "pattern": "^[A-Za-z0-9_-]+$", "minLength": 1, "maxLength": 64 },
                "example": "elevation"
              },
              "Z": {
                "name": "z",
                "in": "path",
                "required": true,
                "description": "Zoom level, within the layer's `minzoom`…`maxzoom`.",
                "schema": { "type": "integer", "minimum": 0, "maximum": 999999999 },
                "example": 9
              },
              "X": {
                "name": "x",
                "in": "path",
                "required": true,
                "description": "Column, below 2^z.",
                "schema": { "type": "integer", "minimum": 0, "maximum": 999999999 },
                "example": 85
              },
              "Y": {
                "name": "y",
                "in": "path",
                "required": true,
                "description": "Row from the north, below 2^z.",
                "schema": { "type": "integer", "minimum": 0, "maximum": 999999999 },
                "example": 197
              },
              "TileMatrixSet": {
                "name": "tileMatrixSet",
                "in": "path",
                "required": true,
                "description": "The tile grid: `WebMercatorQuad` (EPSG:3857, the grid of `/tiles/{layer}/{z}/{x}/{y}`) or `WorldCRS84Quad` (EPSG:4326, longitude first: 2 × 1 tiles at zoom 0, each tile warped as `gdalwarp -t_srs EPSG:4326` would).",
                "schema": { "type": "string", "enum": ["WebMercatorQuad", "WorldCRS84Quad"] },
                "example": "WebMercatorQuad"
              },
              "Format": {
                "name": "format",
                "in": "path",
                "required": true,
                "description": "The tile format: `png` (lossless), `webp` (lossless for colormapped and terrain tiles, lossy for imagery) or `jpg`/`jpeg` (lossy, no transparency: a tile with transparent pixels is 400 unless the layer has a `fill` colour) or `tif`/`tiff` (not an image: the pipeline's Float32 values before its final colormap or terrain encoding, NaN as nodata, georeferenced to the tile in EPSG:3857; a tile without data is 204). A format the layer does not list in `formats` is 404.",
                "schema": { "type": "string", "enum": ["png", "webp", "jpg", "jpeg", "tif", "tiff"] },
                "example": "png"
              },
              "Accept": {
                "name": "Accept",
                "in": "header",
                "required": false,
                "description": "Media types the client takes, with `q` weights: `image/png`, `image/webp`, `image/jpeg`, `image/tiff`, `image/*`, `*/*`. Its first 64 entries are read; anything it does not name gets the layer's default format.",
                "schema": { "type": "string" },
                "example": "image/webp,image/*;q=0.8"
              },
              "CompareA": {
                "name": "a",
                "in": "path",
                "required": true,
                "description": "The layer compared against: a layer's name (as `/layers` lists it) or a stored pipeline's id.",
                "schema": { "type": "string", "pattern": "^[A-Za-z0-9_-]+$", "minLength": 1, "maxLength": 64 },
                "example": "elevation"
              },
              "CompareB": {
                "name": "b",
                "in": "path",
                "required": true,
                "description": "The layer compared: a layer's name or a stored pipeline's id.",
                "schema": { "type": "string", "pattern": "^[A-Za-z0-9_-]+$", "minLength": 1, "maxLength": 64 },
                "example": "hillshade"
              },
              "PipelineID": {
                "name": "id",
                "in": "path",
                "required": true,
                "description": "A stored pipeline's id: the SHA-256 of its recipe, 64 lowercase hex digits.",
                "schema": { "type": "string", "pattern": "^[0-9a-f]{64}$" },
                "example": "29e5234f15dca404f599a8330ac1d7e5d6e711a9ccfee179470254ddce72da02"
              },
              "Lon": {
                "name": "lon",
                "in": "path",
                "required": true,
                "description": "Longitude in decimal degrees (WGS 84), -180…180.",
                "schema": { "type": "number", "minimum": -180, "maximum": 180 },
                "example": -119.5
              },
              "Lat": {
                "name": "lat",
                "in": "path",
                "required": true,
                "description": "Latitude in decimal degrees (WGS 84), -90…90; no layer has data beyond ±85.05°.",
                "schema": { "type": "number", "minimum": -90, "maximum": 90 },
                "example": 37.7
              },
              "MinX": {
                "name": "minx",
                "in": "path",
                "required": true,
                "description": "The box's west edge, in `dst_crs` units (degrees of longitude by default).",
                "schema": { "type": "number" },
                "example": -119.6
              },
              "MinY": {
                "name": "miny",
                "in": "path",
                "required": true,
                "description": "The box's south edge.",
                "schema": { "type": "number" },
                "example": 37.6
              },
              "MaxX": {
                "name": "maxx",
                "in": "path",
                "required": true,
                "description": "The box's east edge, above minx.",
                "schema": { "type": "number" },
                "example": -119.4
              },
              "MaxY": {
                "name": "maxy",
                "in": "path",
                "required": true,
                "description": "The box's north edge, above miny.",
                "schema": { "type": "number" },
                "example": 37.8
              },
              "Width": {
                "name": "width",
                "in": "path",
                "required": true,
                "description": "Columns of the image; width × height at most `--query-max-pixels`.",
                "schema": { "type": "integer", "minimum": 1, "maximum": 65536 },
                "example": 256
              },
              "Height": {
                "name": "height",
                "in": "path",
                "required": true,
                "description": "Rows of the image.",
                "schema": { "type": "integer", "minimum": 1, "maximum": 65536 },
                "example": 256
              },
              "DstCRS": {
                "name": "dst_crs",
                "in": "query",
                "required": false,
                "description": "The CRS of the box and the image: `EPSG:4326` (the default), `EPSG:3857` or a WGS 84 UTM zone (`EPSG:326xx` north, `EPSG:327xx` south). The box must lie within the CRS's domain (±180/±90 degrees; ±20037508.34 m; UTM eastings -1,000,000…2,000,000 m and northings -1,000,000…11,000,000 m): 400 otherwise, naming `bbox`.",
                "schema": { "type": "string", "pattern": "^[Ee][Pp][Ss][Gg]:[0-9]{1,6}$" },
                "example": "EPSG:3857"
              },
              "MaxSize": {
                "name": "max_size",
                "in": "query",
                "required": false,
                "description": "The preview's longest side in pixels (1024 by default); the other side keeps the layer's aspect in EPSG:3857.",
                "schema": { "type": "integer", "minimum": 1, "maximum": 65536 },
                "example": 512
              },
              "StatisticsBBox": {
                "name": "bbox",
                "in": "query",
                "required": false,
                "description": "`minlon,minlat,maxlon,maxlat` in degrees; the whole layer when absent.",
                "schema": { "type": "string", "pattern": "^[-+0-9.eE]+,[-+0-9.eE]+,[-+0-9.eE]+,[-+0-9.eE]+$" },
                "example": "-119.6,37.6,-119.4,37.8"
              },
              "Percentile": {
                "name": "p",
                "in": "query",
                "required": false,
                "description": "More percentiles (0–100) beside 2, 50 and 98: repeated or comma-separated, at most 32 in all.",
                "schema": { "type": "array", "items": { "type": "string", "pattern": "^[0-9.,]+$" }, "maxItems": 8 },
                "style": "form",
                "explode": true,
                "example": ["25,75"]
              },
              "Bins": {
                "name": "bins",
                "in": "query",
                "required": false,
                "description": "Histogram bins between the smallest and largest value (10 by default).",
                "schema": { "type": "integer", "minimum": 1, "maximum": 1000 },
                "example": 20
              },
              "ColormapName": {
                "name": "name",
                "in": "path",
                "required": true,
                "description": "A colormap's name, as listed by `/colormaps`.",
                "schema": { "type": "string", "minLength": 1 },
                "example": "viridis"
              },
              "FilePath": {
                "name": "path",
                "in": "path",
                "required": true,
                "description": "A path below the static folder; `/` separates folders, and no segment may be empty or start with `.`.",
                "schema": { "type": "string", "minLength": 1 },
                "example": "viewer.js"
              },
              "Rescale": {
                "name": "rescale",
                "in": "query",
                "required": false,
                "description": "TiTiler's `min,max`: the colormap's vmin and vmax, or a linear stretch to 0–255 of each band of a multi-band result. Give it once for every band or once per band (at most 4). Without expression or bidx, it changes the layer's final colormap.",
                "schema": { "type": "array", "items": { "type": "string", "pattern": "^ *[-+0-9.eE]+ *, *[-+0-9.eE]+ *$" }, "maxItems": 4 },
                "style": "form",
                "explode": true,
                "example": ["0,3000"]
              },
              "ColormapNameQuery": {
                "name": "colormap_name",
                "in": "query",
                "required": false,
                "description": "A colormap of `/colormaps`, matched ignoring case (`rdylgn` is `RdYlGn`).",
                "schema": { "type": "string", "minLength": 1 },
                "example": "viridis"
              },
              "ColormapQuery": {
                "name": "colormap",
                "in": "query",
                "required": false,
                "description": "TiTiler's JSON mapping of pixel value to colour (`#rgb`, `#rrggbb`, `#rrggbbaa` or [r, g, b(, a)]), at most 256 entries, drawn as a discrete colormap: values of no entry are transparent. Not with colormap_name.",
                "schema": { "type": "string", "minLength": 2 },
                "example": "{\"1\": \"#ff0000\", \"2\": [0, 255, 0, 255]}"
              },
              "Expression": {
                "name": "expression",
                "in": "query",
                "required": false,
                "description": "BandMath over the source file's bands b1…bN (file band numbers, not the layer's `bands`); `;` separates up to 4 expressions, one band each. Replaces the layer's pipeline up to its final colormap. Not with bidx.",
                "schema": { "type": "string", "minLength": 1, "maxLength": 4096 },
                "example": "(b4-b3)/(b4+b3)"
              },
              "Bidx": {
                "name": "bidx",
                "in": "query",
                "required": false,
                "description": "The source file's bands to read, in order (repeated or comma-separated, at most 4); they replace the layer's pipeline up to its final colormap.",
                "schema": { "type": "array", "items": { "type": "integer", "minimum": 1, "maximum": 99999 }, "maxItems": 4 },
                "style": "form",
                "explode": true,
                "example": [3, 2, 1]
              },
              "ResamplingQuery": {
                "name": "resampling",
                "in": "query",
                "required": false,
                "description": "How the source is warped onto the tile: TiTiler's names (`cubic_spline`, `med`) or the layer file's. The same as reproject: one warp resamples here.",
                "schema": { "type": "string", "enum": ["nearest", "bilinear", "cubic", "cubic_spline", "cubicspline", "lanczos", "average", "mode", "min", "max", "med", "median", "q1", "q3", "sum", "rms"] }
              },
              "Reproject": {
                "name": "reproject",
                "in": "query",
                "required": false,
                "description": "The same as resampling; both given and different is 400.",
                "schema": { "type": "string", "enum": ["nearest", "bilinear", "cubic", "cubic_spline", "cubicspline", "lanczos", "average", "mode", "min", "max", "med", "median", "q1", "q3", "sum", "rms"] }
              },
              "Nodata": {
                "name": "nodata",
                "in": "query",
                "required": false,
                "description": "A value that marks nodata in every band of the source, instead of the file's own: such pixels are transparent. `nan` marks NaN.",
                "schema": { "type": "string", "minLength": 1 },
                "example": "0"
              },
              "ReturnMask": {
                "name": "return_mask",
                "in": "query",
                "required": false,
                "description": "false: no transparency for nodata (opaque tiles: the colormap's first colour, or black).",
                "schema": { "type": "boolean" }
              },
              "IfNoneMatch": {
                "name": "If-None-Match",
                "in": "header",
                "required": false,
                "description": "Entity tags from an earlier `ETag`, or `*`; a match is answered 304.",
                "schema": { "type": "string" }
              }
            },
            "headers": {
              "ETag": {
                "description": "A strong entity tag of the body.",
                "schema": { "type": "string" }
              },
              "CacheControl": {
                "description": "How long the body may be cached.",
                "schema": { "type": "string" }
              },
              "XConfigHash": {
                "description": "The layer's config hash: it changes when the layer's tiles may change.",
                "schema": { "type": "string" }
              },
              "XCache": {
                "description": "Which cache level answered, or `miss` when the tile was rendered.",
                "schema": { "type": "string", "enum": ["memory", "redis", "miss"] }
              },
              "ServerTiming": {
                "description": "Read, operators and encode durations of the render, in milliseconds (rendered tiles only).",
                "schema": { "type": "string" }
              },
              "XQCWarnings": {
                "description": "What quality-control operators warned about, `; `-separated.",
                "schema": { "type": "string" }
              },
              "RetryAfter": {
                "description": "Seconds to wait before retrying.",
                "schema": { "type": "string" }
              }
            },
            "responses": {
              "Tile": {
                "description": "The tile; a layer with `outside: transparent` answers tiles outside its data with a transparent tile (in JPEG, the layer's fill colour).",
                "headers": {
                  "ETag": { "$ref": "#/components/headers/ETag" },
                  "Cache-Control": { "$ref": "#/components/headers/CacheControl" },
                  "X-Config-Hash": { "$ref": "#/components/headers/XConfigHash" },
                  "X-Cache": { "$ref": "#/components/headers/XCache" },
                  "Server-Timing": { "$ref": "#/components/headers/ServerTiming" },
                  "X-QC-Warnings": { "$ref": "#/components/headers/XQCWarnings" }
                },
                "content": {
                  "image/png": { "schema": { "type": "string", "contentMediaType": "image/png" } },
                  "image/webp": { "schema": { "type": "string", "contentMediaType": "image/webp" } },
                  "image/jpeg": { "schema": { "type": "string", "contentMediaType": "image/jpeg" } },
                  "image/tiff": { "schema": { "type": "string", "contentMediaType": "image/tiff" } }
                }
              },
              "OutsideTheData": {
                "description": "A valid tile with none of the layer's data (layers with `outside: empty`).",
                "headers": {
                  "Cache-Control": { "$ref": "#/components/headers/CacheControl" },
                  "X-Config-Hash": { "$ref": "#/components/headers/XConfigHash" },
                  "X-Mosaic": { "description": "`too-many-files` when the layer is a mosaic and the tile would read more than its `max_files_per_tile` files, with no overview to read instead.", "schema": { "type": "string", "enum": ["too-many-files"] } }
                }
              },
              "PipelineYAML": {
                "description": "A document of `layer` and `pipeline`, in YAML.",
                "content": { "application/yaml": { "schema": { "$ref": "#/components/schemas/PipelineDocument" } } }
              },
              "InvalidPipeline": {
                "description": "The body is not a pipeline document, names no served layer, or its pipeline is refused: `detail` says what and where (`line 5, column 18: pipeline.operators[0]._target_: unknown operator …`), and `location` gives the place as a path and, for text, a line and column.",
                "content": { "application/json": { "schema": { "$ref": "#/components/schemas/PipelineError" } } }
              },
              "Unauthorized": {
                "description": "Posting needs `Authorization: Bearer <token>` (the server runs with `--pipelines token`).",
                "headers": { "WWW-Authenticate": { "description": "`Bearer`.", "schema": { "type": "string" } } },
                "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } }
              },
              "Forbidden": {
                "description": "Pipelines are turned off on this server (`--pipelines off`), or token mode has no token configured.",
                "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } }
              },
              "PayloadTooLarge": {
                "description": "The body is over the server's limit (`--pipeline-body-limit`, 64 KB by default).",
                "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } }
              },
              "TooManyRequests": {
                "description": "This client address posted too fast, or has too many pipelines stored; retry after `Retry-After` seconds.",
                "headers": { "Retry-After": { "$ref": "#/components/headers/RetryAfter" } },
                "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } }
              },
              "QueryPNG": {
                "description": "The image, drawn as the layer's tiles are (its colours, transparent where there is no data).",
                "headers": { "X-Config-Hash": { "$ref": "#/components/headers/XConfigHash" } },
                "content": { "image/png": { "schema": { "type": "string", "contentMediaType": "image/png" } } }
              },
              "QueryGeoTIFF": {
                "description": "A GeoTIFF of the pipeline's values before its final colormap: Float32, one band per value band, NaN as nodata, with the box's geotransform and CRS.",
                "headers": { "X-Config-Hash": { "$ref": "#/components/headers/XConfigHash" } },
                "content": { "image/tiff": { "schema": { "type": "string", "contentMediaType": "image/tiff" } } }
              },
              "Statistics": {
                "description": "The statistics, and the grid they were computed on.",
                "headers": { "X-Config-Hash": { "$ref": "#/components/headers/XConfigHash" } },
                "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Statistics" } } }
              },
              "TooManyPixels": {
                "description": "The request would make more pixels than `--query-max-pixels`, or read more than `--statistics-max-pixels` even from the coarsest overview, or a mosaic area spans more files than it reads at once with no overview; or the posted body is over the server's limit.",
                "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } }
              },
              "NotModified": {
                "description": "`If-None-Match` matched the current `ETag`.",
                "headers": {
                  "ETag": { "$ref": "#/components/headers/ETag" },
                  "Cache-Control": { "$ref": "#/components/headers/CacheControl" }
                }
              },
              "Page": {
                "description": "An HTML page.",
                "headers": { "ETag": { "$ref": "#/components/headers/ETag" } },
                "content": { "text/html": { "schema": { "type": "string" } } }
              },
              "File": {
                "description": "The file, with a content type from its extension.",
                "headers": { "ETag": { "$ref": "#/components/headers/ETag" } },
                "content": {
                  "text/javascript": { "schema": { "type": "string" } },
                  "text/css": { "schema": { "type": "string" } },
                  "text/html": { "schema": { "type": "string" } },
                  "text/plain": { "schema": { "type": "string" } },
                  "application/json": {},
                  "image/png": { "schema": { "type": "string", "contentMediaType": "image/png" } },
                  "image/svg+xml": { "schema": { "type": "string" } },
                  "image/x-icon": { "schema": { "type": "string" } },
                  "application/octet-stream": { "schema": { "type": "string" } }
                }
              },
              "BadRequest": {
                "description": "The path has a route's shape but a malformed part (a tile coordinate that is not a plain non-negative integer, a scale other than @1x or @2x), or a query parameter is unknown, malformed, not allowed on the layer or does not fit it (`parameter` names it). A request that is not valid HTTP/1.1 at all (a malformed request line or header) is answered 400 by the HTTP layer instead, with no body, and the connection is closed.",
                "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } }
              },
              "NotFound": {
                "description": "No such layer, colormap or file, or a tile outside the tile matrix or the layer's zooms.",
                "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } }
              },
              "MethodNotAllowed": {
                "description": "A method the route does not answer: anything but GET and HEAD, anything but POST on the routes that take pipelines, or anything but GET, HEAD and POST on `…/statistics`; POST to a path no route matches.",
                "headers": { "Allow": { "description": "`GET, HEAD, OPTIONS`, `POST, OPTIONS` or `GET, HEAD, POST, OPTIONS`.", "schema": { "type": "string" } } },
                "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } }
              },
              "URITooLong": {
                "description": "The request target is over 2048 bytes.",
                "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } }
              },
              "RenderFailed": {
                "description": "The render failed. `detail` says what failed in a client's terms (layer, tile, e.g. the layer's source could not be read) and `requestId` names the log line holding the full cause; nothing is cached.",
                "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } }
              },
              "PointValues": {
                "description": "The values at the point.",
                "headers": { "X-Config-Hash": { "$ref": "#/components/headers/XConfigHash" } },
                "content": { "application/json": { "schema": { "$ref": "#/components/schemas/PointValues" } } }
              },
              "LayerInfo": {
                "description": "What the layer reads.",
                "headers": { "X-Config-Hash": { "$ref": "#/components/headers/XConfigHash" } },
                "content": { "application/json": { "schema": { "$ref": "#/components/schemas/LayerInfo" } } }
              },
              "Busy": {
                "description": "The render queue is full, the tile's render ran past its time budget (`--render-budget`, 5 s by default) and was abandoned, or the layer's source files changed and cannot be read now; retry after `Retry-After` seconds.",
                "headers": { "Retry-After": { "$ref": "#/components/headers/RetryAfter" } },
                "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } }
              }
            },
            "schemas": {
              "PipelineDocument": {
                "type": "object",
                "description": "A pipeline over a served layer's sources.",
                "required": ["layer", "pipeline"],
                "additionalProperties": false,
                "properties": {
                  "layer": { "type": "string", "description": "A served layer's name." },
                  "pipeline": { "type": "object", "description": "An operator config with `_target_`, as in layer files." }
                },
                "example": {
                  "layer": "elevation",
                  "pipeline": { "_target_": "Colormap", "name": "gray", "vmin": 0, "vmax": 4400 }
                }
              },
              "PipelineCreated": {
                "type": "object",
                "required": ["id", "layer", "tiles", "tilejson"],
                "additionalProperties": false,
                "properties": {
                  "id": { "type": "string", "pattern": "^[0-9a-f]{64}$" },
                  "layer": { "type": "string" },
                  "tiles": { "type": "string", "description": "The tile URL template, `…/pipelines/{id}/tiles/{z}/{x}/{y}.png`." },
                  "tilejson": { "type": "string" }
                }
              },
              "PipelineValid": {
                "type": "object",
                "required": ["valid", "id"],
                "additionalProperties": false,
                "properties": { "valid": { "const": true }, "id": { "type": "string", "pattern": "^[0-9a-f]{64}$" } }
              },
              "PipelineRecipe": {
                "type": "object",
                "required": ["id", "layer", "pipeline"],
                "additionalProperties": false,
                "properties": {
                  "id": { "type": "string", "pattern": "^[0-9a-f]{64}$" },
                  "layer": { "type": "string" },
                  "pipeline": { "type": "object" }
                }
              },
              "PipelineError": {
                "type": "object",
                "required": ["error", "detail"],
                "additionalProperties": false,
                "properties": {
                  "error": { "type": "string" },
                  "detail": { "type": "string" },
                  "location": {
                    "type": "object",
                    "required": ["path"],
                    "additionalProperties": false,
                    "properties": {
                      "path": { "type": "string", "description": "Where in the document, e.g. `pipeline.operators[0]._target_`." },
                      "line": { "type": "integer", "minimum": 1 },
                      "column": { "type": "integer", "minimum": 1 }
                    }
                  }
                }
              },
              "GeoJSONArea": {
                "type": "object",
                "description": "A GeoJSON Polygon, MultiPolygon, Feature of one, or FeatureCollection of such Features (RFC 7946), longitude first.",
                "required": ["type"],
                "properties": {
                  "type": { "type": "string", "enum": ["Polygon", "MultiPolygon", "Feature", "FeatureCollection"] },
                  "coordinates": { "type": "array" },
                  "geometry": { "type": "object", "description": "A Feature's Polygon or MultiPolygon." },
                  "features": { "type": "array", "items": { "type": "object" }, "description": "A FeatureCollection's Features." }
                },
                "example": {
                  "type": "Polygon",
                  "coordinates": [[[-119.6, 37.6], [-119.4, 37.62], [-119.45, 37.8], [-119.6, 37.6]]]
                }
              },
              "BandStatistics": {
                "type": "object",
                "required": ["pixels", "count", "validFraction", "min", "max", "mean", "std", "percentiles", "histogram"],
                "properties": {
                  "source": { "type": ["string", "null"], "description": "The source's input name, when the pipeline names its inputs." },
                  "band": { "type": ["integer", "null"], "description": "The file's band number (source bands), or the pipeline's band (from 1)." },
                  "pixels": { "type": "integer", "minimum": 0, "description": "Pixels whose centre lies in the area." },
                  "count": { "type": "integer", "minimum": 0, "description": "Of those, the pixels with a valid value." },
                  "validFraction": { "type": "number", "minimum": 0, "maximum": 1 },
                  "min": { "type": ["number", "null"] },
                  "max": { "type": ["number", "null"] },
                  "mean": { "type": ["number", "null"] },
                  "std": { "type": ["number", "null"], "description": "Population standard deviation (numpy's default, ddof 0)." },
                  "percentiles": {
                    "type": "array",
                    "items": {
                      "type": "object",
                      "required": ["percent", "value"],
                      "additionalProperties": false,
                      "properties": { "percent": { "type": "number" }, "value": { "type": "number" } }
                    }
                  },
                  "histogram": {
                    "type": ["object", "null"],
                    "required": ["edges", "counts"],
                    "additionalProperties": false,
                    "properties": {
                      "edges": { "type": "array", "items": { "type": "number" } },
                      "counts": { "type": "array", "items": { "type": "integer", "minimum": 0 } }
                    }
                  }
                }
              },
              "Statistics": {
                "type": "object",
                "required": ["area", "grid", "bands", "pipeline"],
                "additionalProperties": false,
                "properties": {
                  "area": { "type": "string", "enum": ["bbox", "polygon", "layer"], "description": "How the area was given." },
                  "grid": {
                    "type": "object",
                    "description": "The pixels read: a window on the first source's full raster or on one of its overviews, in its CRS.",
                    "required": ["crs", "level", "overview", "column", "row", "width", "height", "pixelSize", "bounds", "pixelsInside"],
                    "additionalProperties": false,
                    "properties": {
                      "crs": { "type": ["string", "null"], "description": "`EPSG:<code>` of the source's CRS, null when it has none." },
                      "level": { "type": "string", "enum": ["full", "overview"] },
                      "overview": { "type": ["integer", "null"], "description": "GDAL's overview index (0 the finest), when read from an overview." },
                      "column": { "type": "integer", "minimum": 0 },
                      "row": { "type": "integer", "minimum": 0 },
                      "width": { "type": "integer", "minimum": 1 },
                      "height": { "type": "integer", "minimum": 1 },
                      "pixelSize": { "type": "array", "items": { "type": "number" }, "minItems": 2, "maxItems": 2 },
                      "bounds": { "type": "array", "items": { "type": "number" }, "minItems": 4, "maxItems": 4 },
                      "pixelsInside": { "type": "integer", "minimum": 0 }
                    }
                  },
                  "bands": { "type": "array", "items": { "$ref": "#/components/schemas/BandStatistics" } },
                  "pipeline": { "type": "array", "items": { "$ref": "#/components/schemas/BandStatistics" } }
                }
              },
              "Error": {
                "type": "object",
                "description": "Every error body.",
                "required": ["error", "detail"],
                "additionalProperties": false,
                "properties": {
                  "error": { "type": "string", "description": "What went wrong, in a few words." },
                  "detail": { "type": "string", "description": "Why, and what would be accepted." },
                  "requestId": { "type": "string", "description": "On server errors: the request's id, as in `X-Request-Id` and the log." },
                  "parameter": { "type": "string", "description": "On a refused query parameter: its name (`query` for the query as a whole)." }
                }
              },
              "Bounds": {
                "type": "array",
                "description": "West, south, east, north, in degrees (WGS 84).",
                "items": { "type": "number" },
                "minItems": 4,
                "maxItems": 4
              },
              "Zoom": { "type": "integer", "minimum": 0, "maximum": 30 },
              "LayerSummary": {
                "type": "object",
                "required": ["name", "title", "bounds", "minzoom", "maxzoom", "configHash", "tilejson"],
                "properties": {
                  "name": { "type": "string" },
                  "title": { "type": "string" },
                  "attribution": { "type": "string", "description": "Plain text, not HTML." },
                  "bounds": { "$ref": "#/components/schemas/Bounds" },
                  "minzoom": { "$ref": "#/components/schemas/Zoom" },
                  "maxzoom": { "$ref": "#/components/schemas/Zoom" },
                  "configHash": { "type": "string", "description": "Changes whenever the layer's tiles may change." },
                  "tilejson": { "type": "string", "description": "The path of the layer's TileJSON." },
                  "encoding": { "$ref": "#/components/schemas/DEMEncoding" },
                  "redFactor": { "type": "number" },
                  "greenFactor": { "type": "number" },
                  "blueFactor": { "type": "number" },
                  "baseShift": { "type": "number" }
                }
              },
              "DEMEncoding": {
                "type": "string",
                "enum": ["mapbox", "terrarium", "custom"],
                "description": "Present only on layers whose tiles are heights (the pipeline ends in TerrainRGB or Terrarium): how they are packed, as a MapLibre `raster-dem` source's `encoding` names it. `custom` (Terrain-RGB with another base or interval) comes with `redFactor`, `greenFactor`, `blueFactor` and `baseShift`: height = R·redFactor + G·greenFactor + B·blueFactor − baseShift."
              },
              "ViewerConfig": {
                "type": "object",
                "required": ["basemap", "maplibre"],
                "properties": {
                  "basemap": {
                    "type": ["string", "null"],
                    "description": "The XYZ URL template (`{z}`, `{x}`, `{y}`) drawn under the layers; null for none."
                  },
                  "maplibre": { "type": "boolean", "description": "Whether MapLibre GL JS is served at `/vendor/maplibre/`." }
                }
              },
              "LayerDescription": {
                "allOf": [
                  { "$ref": "#/components/schemas/LayerSummary" },
                  {
                    "type": "object",
                    "required": ["config", "pipelineHash", "parameters"],
                    "properties": {
                      "parameters": {
                        "type": "array",
                        "description": "The rendering parameters tile requests may give on this layer (its `overrides`).",
                        "items": { "type": "string", "enum": ["rescale", "colormap_name", "colormap", "expression", "bidx", "resampling", "reproject", "nodata", "return_mask"] }
                      },
                      "config": {
                        "type": "object",
                        "description": "The layer as it describes itself: every field that decides its tiles, its pipeline as written and, when operators took dataset statistics at load, `calibratedPipeline`.",
                        "required": ["name", "title", "minzoom", "maxzoom", "outside", "sources", "pipeline"],
                        "properties": {
                          "outside": { "type": "string", "enum": ["empty", "transparent"] },
                          "sources": { "type": "array", "items": { "type": "object" } },
                          "pipeline": { "type": "object" },
                          "calibratedPipeline": { "type": "object" }
                        }
                      },
                      "pipelineHash": { "type": "string" }
                    }
                  }
                ]
              },
              "TileJSON": {
                "type": "object",
                "required": ["tilejson", "name", "tiles", "minzoom", "maxzoom", "bounds", "center", "scheme"],
                "properties": {
                  "tilejson": { "const": "3.0.0" },
                  "name": { "type": "string" },
                  "description": { "type": "string" },
                  "version": { "type": "string" },
                  "attribution": { "type": "string" },
                  "scheme": { "const": "xyz" },
                  "tiles": { "type": "array", "items": { "type": "string" }, "minItems": 1 },
                  "minzoom": { "$ref": "#/components/schemas/Zoom" },
                  "maxzoom": { "$ref": "#/components/schemas/Zoom" },
                  "bounds": { "$ref": "#/components/schemas/Bounds" },
                  "center": {
                    "type": "array",
                    "description": "Longitude, latitude and zoom.",
                    "items": { "type": "number" },
                    "minItems": 3,
                    "maxItems": 3
                  },
                  "tileMatrixSets": {
                    "type": "object",
                    "description": "The tile URL template in each tile matrix set served (`WebMercatorQuad`, the grid of `tiles`, and `WorldCRS84Quad`), for clients of other grids.",
                    "additionalProperties": { "type": "string" }
                  },
                  "encoding": { "$ref": "#/components/schemas/DEMEncoding" },
                  "redFactor": { "type": "number" },
                  "greenFactor": { "type": "number" },
                  "blueFactor": { "type": "number" },
                  "baseShift": { "type": "number" }
                }
              },
              "Values": {
                "type": "array",
                "description": "One value per band; null where nodata or off the data.",
                "items": { "type": ["number", "null"] }
              },
              "PointValues": {
                "type": "object",
                "required": ["layer", "pipeline", "lon", "lat", "inside", "sources", "values", "resolution", "configHash"],
                "properties": {
                  "layer": { "type": "string" },
                  "pipeline": { "type": ["string", "null"], "description": "The stored pipeline's id, null for a layer." },
                  "lon": { "type": "number" },
                  "lat": { "type": "number" },
                  "inside": { "type": "boolean", "description": "Whether any source has a value at the point." },
                  "sources": {
                    "type": "array",
                    "description": "Each source, in the order the pipeline takes them.",
                    "items": {
                      "type": "object",
                      "required": ["input", "bands", "values"],
                      "properties": {
                        "input": { "type": ["string", "null"], "description": "The Graph input it feeds, null for a layer's one source." },
                        "path": { "type": "string", "description": "A source of one file: the file, relative to the data directory." },
                        "paths": { "type": "array", "items": { "type": "string" }, "description": "A mosaic: what the layer file names." },
                        "bands": { "type": "array", "items": { "type": "integer", "minimum": 1 } },
                        "values": { "$ref": "#/components/schemas/Values" },
                        "pixel": { "type": ["array", "null"], "items": { "type": "integer", "minimum": 0 }, "description": "Column and row of the pixel holding the point; null off the file." },
                        "files": { "type": "array", "items": { "type": "string" }, "description": "A mosaic: the files read and valid at the point, in compositing order: for `first` and `last` only the winner, for the other methods every file valid there." },
                        "fromOverview": { "type": "boolean", "description": "A mosaic: the value came from its overview, more files meeting at the point than `max_files_per_tile`." }
                      }
                    }
                  },
                  "values": { "$ref": "#/components/schemas/Values" },
                  "resolution": { "type": "number", "description": "The side, in EPSG:3857 metres, of the one-pixel window the pipeline's values were computed on." },
                  "configHash": { "type": "string" }
                }
              },
              "LayerInfo": {
                "type": "object",
                "required": ["layer", "pipeline", "configHash", "bounds", "files", "sources"],
                "properties": {
                  "layer": { "type": "string" },
                  "pipeline": { "type": ["string", "null"] },
                  "configHash": { "type": "string" },
                  "bounds": { "$ref": "#/components/schemas/Bounds" },
                  "files": { "type": "integer", "minimum": 1, "description": "Files read, over every source." },
                  "sources": {
                    "type": "array",
                    "items": {
                      "type": "object",
                      "required": ["kind", "input", "bandsRead", "files", "bounds", "crs"],
                      "properties": {
                        "kind": { "type": "string", "enum": ["file", "mosaic"] },
                        "input": { "type": ["string", "null"] },
                        "path": { "type": "string" },
                        "paths": { "type": "array", "items": { "type": "string" } },
                        "bandsRead": { "type": "array", "items": { "type": "integer", "minimum": 1 } },
                        "nodataOverride": { "type": ["number", "null"] },
                        "files": { "type": "integer", "minimum": 1 },
                        "driver": { "type": "string" },
                        "size": { "type": "array", "items": { "type": "integer" }, "minItems": 2, "maxItems": 2 },
                        "bandCount": { "type": "integer", "minimum": 1 },
                        "bands": {
                          "type": "array",
                          "items": {
                            "type": "object",
                            "required": ["band", "type", "colorInterpretation", "nodata", "overviews"],
                            "properties": {
                              "band": { "type": "integer", "minimum": 1 },
                              "type": { "type": "string", "description": "GDAL's data type: Byte, Int16, Float32, …" },
                              "colorInterpretation": { "type": "string" },
                              "nodata": { "type": ["number", "null"] },
                              "overviews": { "type": "array", "items": { "type": "array", "items": { "type": "integer" } } }
                            }
                          }
                        },
                        "crs": {
                          "description": "A file's CRS; for a mosaic, each distinct CRS with its files and finest resolution.",
                          "oneOf": [{ "$ref": "#/components/schemas/CRS" }, { "type": "array", "items": { "$ref": "#/components/schemas/CRS" } }]
                        },
                        "geoTransform": { "type": "array", "items": { "type": "number" }, "minItems": 6, "maxItems": 6 },
                        "resolution": { "type": "array", "items": { "type": "number" }, "description": "Pixel width and height in the CRS's units." },
                        "bounds": { "$ref": "#/components/schemas/Bounds" },
                        "overviews": { "type": "integer", "minimum": 0 },
                        "method": { "type": "string" },
                        "maxFilesPerTile": { "type": "integer" },
                        "overview": { "type": ["string", "null"] },
                        "nodata": { "type": "array", "items": { "type": "array", "items": { "type": "number" } }, "description": "A mosaic: each band's distinct nodata values over its files." },
                        "finestResolution": {
                          "type": ["object", "null"],
                          "description": "A mosaic: the finest pixel of its files in metres on the ground (EPSG:3857 size times the cosine of the file's central latitude), and its file.",
                          "properties": { "metres": { "type": "number" }, "file": { "type": "string" } }
                        }
                      }
                    }
                  }
                }
              },
              "CRS": {
                "type": "object",
                "required": ["code", "name", "wkt"],
                "properties": {
                  "code": { "type": ["string", "null"], "description": "`EPSG:32611`, when GDAL identifies one." },
                  "name": { "type": "string" },
                  "wkt": { "type": "string" },
                  "files": { "type": "integer" },
                  "resolution": { "type": "array", "items": { "type": "number" } }
                }
              },
              "Colormap": {
                "type": "object",
                "required": ["name", "lut"],
                "additionalProperties": false,
                "properties": {
                  "name": { "type": "string" },
                  "lut": {
                    "type": "array",
                    "items": {
                      "type": "array",
                      "description": "Red, green, blue, alpha.",
                      "items": { "type": "integer", "minimum": 0, "maximum": 255 },
                      "minItems": 4,
                      "maxItems": 4
                    }
                  }
                }
              },
              "Dependency": {
                "type": "object",
                "required": ["status"],
                "properties": {
                  "status": { "type": "string", "enum": ["ok", "degraded", "disabled"] },
                  "reason": { "type": "string", "description": "Why it is degraded." }
                }
              },
              "Health": {
                "type": "object",
                "required": ["status", "uptimeSeconds", "dependencies"],
                "properties": {
                  "status": { "type": "string", "enum": ["ok", "degraded"] },
                  "uptimeSeconds": { "type": "number", "minimum": 0 },
                  "dependencies": {
                    "type": "object",
                    "required": ["layers", "renderPool", "memoryCache", "redis"],
                    "additionalProperties": { "$ref": "#/components/schemas/Dependency" }
                  }
                }
              }
            }
          }
        }
        """##
}
