import GeoToolzIO

/// The WMTS 1.0.0 capabilities document of the served layers, RESTful binding: each layer with
/// its bounds, its one style, its formats as `ResourceURL` templates over the `/tiles` route,
/// and the tile matrices of its zoom range in the `WebMercatorQuad` set (OGC's well-known
/// GoogleMapsCompatible scale set), which desktop GIS and GDAL's WMTS driver read.
struct WMTSCapabilities {
    /// The identifier of the one tile matrix set served.
    static let tileMatrixSet = "WebMercatorQuad"
    /// The path of the document, which it names as its own metadata URL.
    static let path = "/wmts/1.0.0/WMTSCapabilities.xml"

    /// The document for `layers` (in the order listed), with URLs under `baseURL`.
    static func document(layers: [Layer], baseURL: String) -> String {
        var xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <Capabilities xmlns="http://www.opengis.net/wmts/1.0" xmlns:ows="http://www.opengis.net/ows/1.1" \
            xmlns:xlink="http://www.w3.org/1999/xlink" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" \
            xmlns:gml="http://www.opengis.net/gml" version="1.0.0" xsi:schemaLocation="http://www.opengis.net/wmts/1.0 \
            http://schemas.opengis.net/wmts/1.0/wmtsGetCapabilities_response.xsd">
              <ows:ServiceIdentification>
                <ows:Title>GeoToolz</ows:Title>
                <ows:ServiceType>OGC WMTS</ows:ServiceType>
                <ows:ServiceTypeVersion>1.0.0</ows:ServiceTypeVersion>
              </ows:ServiceIdentification>
              <Contents>

            """
        for layer in layers { xml += self.layer(layer, baseURL: baseURL) }
        xml += tileMatrixSetElement()
        xml += """
              </Contents>
              <ServiceMetadataURL xlink:href="\(escaped(baseURL + path))"/>
            </Capabilities>

            """
        return xml
    }

    private static func layer(_ layer: Layer, baseURL: String) -> String {
        let bounds = layer.bounds
        var xml = """
                <Layer>
                  <ows:Title>\(escaped(layer.title))</ows:Title>

            """
        if let attribution = layer.attribution { xml += "      <ows:Abstract>\(escaped(attribution))</ows:Abstract>\n" }
        xml += """
                  <ows:WGS84BoundingBox crs="urn:ogc:def:crs:OGC:2:84">
                    <ows:LowerCorner>\(bounds.west) \(bounds.south)</ows:LowerCorner>
                    <ows:UpperCorner>\(bounds.east) \(bounds.north)</ows:UpperCorner>
                  </ows:WGS84BoundingBox>
                  <ows:Identifier>\(escaped(layer.name))</ows:Identifier>
                  <Style isDefault="true"><ows:Identifier>default</ows:Identifier></Style>

            """
        for format in layer.formats.served { xml += "      <Format>\(format.mediaType)</Format>\n" }
        xml += """
                  <TileMatrixSetLink>
                    <TileMatrixSet>\(tileMatrixSet)</TileMatrixSet>
                    <TileMatrixSetLimits>

            """
        for zoom in layer.minZoom...layer.maxZoom {
            guard let range = WebMercatorQuad.tiles(covering: layer.mercatorBounds, zoom: zoom) else { continue }
            xml += """
                          <TileMatrixLimits>
                            <TileMatrix>\(zoom)</TileMatrix>
                            <MinTileRow>\(range.y.lowerBound)</MinTileRow>
                            <MaxTileRow>\(range.y.upperBound)</MaxTileRow>
                            <MinTileCol>\(range.x.lowerBound)</MinTileCol>
                            <MaxTileCol>\(range.x.upperBound)</MaxTileCol>
                          </TileMatrixLimits>

                """
        }
        xml += """
                    </TileMatrixSetLimits>
                  </TileMatrixSetLink>

            """
        for format in layer.formats.served {
            let template =
                baseURL + "/tiles/\(layer.name)/{TileMatrix}/{TileCol}/{TileRow}.\(format.fileExtension)"
            xml +=
                "      <ResourceURL format=\"\(format.mediaType)\" resourceType=\"tile\" template=\"\(escaped(template))\"/>\n"
        }
        xml += "    </Layer>\n"
        return xml
    }

    private static func tileMatrixSetElement() -> String {
        let half = WebMercatorQuad.halfWorld
        var xml = """
                <TileMatrixSet>
                  <ows:Identifier>\(tileMatrixSet)</ows:Identifier>
                  <ows:BoundingBox crs="urn:ogc:def:crs:EPSG::3857">
                    <ows:LowerCorner>\(-half) \(-half)</ows:LowerCorner>
                    <ows:UpperCorner>\(half) \(half)</ows:UpperCorner>
                  </ows:BoundingBox>
                  <ows:SupportedCRS>urn:ogc:def:crs:EPSG::3857</ows:SupportedCRS>
                  <WellKnownScaleSet>urn:ogc:def:wkss:OGC:1.0:GoogleMapsCompatible</WellKnownScaleSet>

            """
        for zoom in 0...WebMercatorQuad.maxZoom {
            let side = 1 << zoom
            xml += """
                      <TileMatrix>
                        <ows:Identifier>\(zoom)</ows:Identifier>
                        <ScaleDenominator>\(WebMercatorQuad.scaleDenominator(zoom: zoom))</ScaleDenominator>
                        <TopLeftCorner>\(-half) \(half)</TopLeftCorner>
                        <TileWidth>\(WebMercatorQuad.tileSize)</TileWidth>
                        <TileHeight>\(WebMercatorQuad.tileSize)</TileHeight>
                        <MatrixWidth>\(side)</MatrixWidth>
                        <MatrixHeight>\(side)</MatrixHeight>
                      </TileMatrix>

                """
        }
        return xml + "    </TileMatrixSet>\n"
    }

    /// `text` safe inside XML content and attribute values.
    private static func escaped(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            default: out.append(character)
            }
        }
        return out
    }
}
