extension OperatorRegistry {
    /// Every operator GeoToolz ships: what layer and pipeline files may name.
    public static let standard: OperatorRegistry = core.merging(
        OperatorRegistry([
            // Bands.
            SelectBands.self, Composite.self, TrueColor.self, ApplyMask.self,
            // Radiometry.
            Scale.self, LinearStretch.self, Gamma.self, PercentileClip.self, DarkObjectSubtraction.self,
            // Spectral indices.
            NormalizedDifference.self, NDVI.self, NDWI.self, NBR.self, EVI.self, SAVI.self, BandMath.self,
            // Quality and cloud masking.
            MaskQABits.self, MaskSentinel2Clouds.self, MaskLandsatClouds.self, FillNodata.self,
            // Terrain.
            Hillshade.self, Slope.self,
            // Quality control.
            AssertValueRange.self, AssertValidFraction.self,
            // Colour.
            Colormap.self,
            // Terrain encodings.
            TerrainRGB.self, Terrarium.self,
        ]))
}
