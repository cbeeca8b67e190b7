import CGDAL
import CJPEGEncoder
import CLibDeflate
import CPNGEncoder
import CWebPEncoder

/// The versions of the C libraries that read rasters and encode tiles: what, besides GeoToolz
/// itself, decides a tile's bytes.
public enum LibraryVersions {
    /// GDAL's release name, as the library linked reports it ("3.6.2").
    public static var gdal: String {
        String(cString: GDALVersionInfo("RELEASE_NAME"))
    }

    /// The PROJ version GDAL uses for reprojection ("9.1.1").
    public static var proj: String {
        var major: Int32 = 0
        var minor: Int32 = 0
        var patch: Int32 = 0
        OSRGetPROJVersion(&major, &minor, &patch)
        return "\(major).\(minor).\(patch)"
    }

    /// libpng's version, as the library linked reports it.
    public static var libpng: String {
        String(cString: gtz_png_library_version())
    }

    /// libdeflate's version from its header: it has no run-time version call.
    public static var libdeflate: String { LIBDEFLATE_VERSION_STRING }

    /// libwebp's encoder version, as the library linked reports it.
    public static var libwebp: String {
        let packed = gtz_webp_encoder_version()
        return "\(packed >> 16).\((packed >> 8) & 0xff).\(packed & 0xff)"
    }

    /// libjpeg-turbo's version from its header: TurboJPEG has no run-time version call.
    public static var libjpegTurbo: String {
        String(cString: gtz_jpeg_turbo_version())
    }
}
