import CGDAL

/// GDAL's cache of decoded raster blocks: one per process, shared by every dataset handle.
///
/// GDAL sizes it at 5 % of physical memory unless told otherwise, which on a large machine lets a
/// tile server grow by gigabytes; a server sets it explicitly instead.
public enum GDALBlockCache {
    /// What `geotoolz serve` uses unless told otherwise: enough for the blocks a few hundred
    /// concurrent tiles touch.
    public static let defaultBytes = 96 << 20

    /// Sets the cache's capacity; blocks beyond it are dropped, least recently used first.
    public static func setCapacity(bytes: Int) {
        GDALRuntime.ensureRegistered()
        GDALSetCacheMax64(GIntBig(bytes))
    }

    /// The cache's capacity now, in bytes.
    public static var capacityBytes: Int { Int(GDALGetCacheMax64()) }

    /// The bytes of decoded blocks held now.
    public static var usedBytes: Int { Int(GDALGetCacheUsed64()) }
}
