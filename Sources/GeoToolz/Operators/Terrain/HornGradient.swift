/// Turns the terrain gradient at one pixel into an output value (hillshade, slope, …).
protocol TerrainShader {
    /// The value for a pixel whose surface rises `dzdx` metres per metre eastward and `dzdy`
    /// northward (vertical exaggeration included); NaN in, NaN out.
    func value(dzdx: Float, dzdy: Float) -> Float
}

/// Horn's (1981) 3×3 gradient, the method of `gdaldem`, over a single-band elevation tensor.
///
/// Distances come from the tensor's geotransform, converted to ground metres per row (see
/// `GroundScale`), so a tile's result depends only on the elevations around each pixel and
/// where it is on Earth: tiles rendered separately join exactly. The outermost ring of pixels
/// lacks neighbours and is NaN — the halo of 1 the operators declare, which the caller crops —
/// as is every pixel with a non-finite value in its 3×3 window.
enum HornGradient {
    /// `shader`'s value at every pixel, for heights multiplied by `zFactor`.
    static func shade<Shader: TerrainShader>(
        _ input: GeoTensor, zFactor: Double, with shader: Shader, for operatorName: String
    ) throws -> GeoTensor {
        try input.requireSingleBand(for: operatorName, holding: "elevations")
        let width = input.width
        let height = input.height
        let transform = input.transform
        let scale = GroundScale(crs: input.crs)
        let columnStep =
            (transform.pixelWidth * transform.pixelWidth + transform.columnRotation * transform.columnRotation)
            .squareRoot()
            * (transform.pixelWidth < 0 ? -1 : 1)
        let rowStep =
            (transform.pixelHeight * transform.pixelHeight + transform.rowRotation * transform.rowRotation).squareRoot()
            * (transform.pixelHeight < 0 ? -1 : 1)
        let deadline = RenderDeadline.current
        let rowsPerCheck = DeadlineChunks.rows(ofWidth: width)
        return try input.withNewValues(bands: 1) { source, output in
            guard width >= 3, height >= 3 else {
                output.initialize(repeating: .nan)
                return
            }
            let elevations = source.baseAddress!
            let out = output.baseAddress!
            out.initialize(repeating: .nan, count: width)
            (out + (height - 1) * width).initialize(repeating: .nan, count: width)
            for row in 1..<(height - 1) {
                if (row - 1) % rowsPerCheck == 0 { try deadline?.check() }
                let centreY = transform.apply(column: Double(width) / 2, row: Double(row) + 0.5).y
                let ground = scale.groundSteps(dx: columnStep, dy: rowStep, atMapY: centreY)
                // zFactor is applied here, not in the shader: then `1 + p² + q²` is plainly
                // non-negative and its square root compiles to a vector instruction.
                let inverseX = Float(zFactor / (8 * ground.x))
                let inverseY = Float(zFactor / (8 * ground.y))
                let above = elevations + (row - 1) * width
                let middle = elevations + row * width
                let below = elevations + (row + 1) * width
                let target = out + row * width
                target[0] = .nan
                target[width - 1] = .nan
                // Wrapping index arithmetic (it cannot overflow here) and few distinct pointers let
                // the compiler vectorise the loop.
                for left in 0..<(width - 2) {
                    let (centre, right) = (left &+ 1, left &+ 2)
                    let dzdx =
                        ((above[right] + 2 * middle[right] + below[right])
                            - (above[left] + 2 * middle[left] + below[left]))
                        * inverseX
                    // Rows run along the map's y axis by `ground.y` (negative when north-up).
                    let dzdy =
                        ((below[left] + 2 * below[centre] + below[right])
                            - (above[left] + 2 * above[centre] + above[right]))
                        * inverseY
                    // The centre takes no part in the estimate, but a hole there is still a hole.
                    target[centre] = shader.value(dzdx: dzdx, dzdy: dzdy) + 0 * middle[centre]
                }
            }
        }
    }
}
