import GeoToolzIO

/// The WMTS 1.0.0 capabilities document of the served layers, RESTful binding: each layer with
/// its bounds, its one style, its formats as `ResourceURL` templates over the `/tiles` route,
/// and the tiles of its zoom range in each tile matrix set served (`WebMercatorQuad`, OGC's
/// GoogleMapsCompatible scales, and `WorldCRS84Quad`), which desktop GIS and GDAL's WMTS driver
/// read.
struct WMTSCapabilities {
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
        for grid in TileMatrixSet.all { xml += tileMatrixSetElement(grid) }
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
        xml += "\n"
        for grid in TileMatrixSet.all { xml += link(layer, grid) }
        for format in layer.formats.served {
            let template =
                baseURL
                + "/tiles/\(layer.name)/{TileMatrixSet}/{TileMatrix}/{TileCol}/{TileRow}.\(format.fileExtension)"
            xml +=
                "      <ResourceURL format=\"\(format.mediaType)\" resourceType=\"tile\" template=\"\(escaped(template))\"/>\n"
        }
        xml += "    </Layer>\n"
        return xml
    }

    /// The layer's link to `grid`, limited to the tiles of its zooms that meet its data.
    private static func link(_ layer: Layer, _ grid: TileMatrixSet) -> String {
        let b = layer.bounds
        let extent =
            grid.crs.isWebMercator
            ? GridBounds(layer.mercatorBounds) : GridBounds(minX: b.west, minY: b.south, maxX: b.east, maxY: b.north)
        var xml = """
                  <TileMatrixSetLink>
                    <TileMatrixSet>\(grid.identifier)</TileMatrixSet>
                    <TileMatrixSetLimits>

            """
        for zoom in layer.minZoom...layer.maxZoom {
            guard let range = grid.tiles(covering: extent, zoom: zoom) else { continue }
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
        return xml + """
                    </TileMatrixSetLimits>
                  </TileMatrixSetLink>

            """
    }

    /// `grid` and its matrices at every zoom.
    private static func tileMatrixSetElement(_ grid: TileMatrixSet) -> String {
        let world = grid.world
        var xml = """
                <TileMatrixSet>
                  <ows:Identifier>\(grid.identifier)</ows:Identifier>
                  <ows:BoundingBox crs="\(grid.crsURN)">
                    <ows:LowerCorner>\(world.minX) \(world.minY)</ows:LowerCorner>
                    <ows:UpperCorner>\(world.maxX) \(world.maxY)</ows:UpperCorner>
                  </ows:BoundingBox>
                  <ows:SupportedCRS>\(grid.crsURN)</ows:SupportedCRS>
                  <WellKnownScaleSet>\(grid.wellKnownScaleSet)</WellKnownScaleSet>

            """
        for zoom in 0...WebMercatorQuad.maxZoom {
            let size = grid.matrixSize(zoom: zoom)
            xml += """
                      <TileMatrix>
                        <ows:Identifier>\(zoom)</ows:Identifier>
                        <ScaleDenominator>\(grid.scaleDenominator(zoom: zoom))</ScaleDenominator>
                        <TopLeftCorner>\(world.minX) \(world.maxY)</TopLeftCorner>
                        <TileWidth>\(WebMercatorQuad.tileSize)</TileWidth>
                        <TileHeight>\(WebMercatorQuad.tileSize)</TileHeight>
                        <MatrixWidth>\(size.columns)</MatrixWidth>
                        <MatrixHeight>\(size.rows)</MatrixHeight>
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
