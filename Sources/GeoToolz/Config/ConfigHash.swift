import Crypto

/// The SHA-256 of a config's canonical JSON form, in lowercase hex.
///
/// Two pipelines with the same hash are built from the same config, whoever wrote it and in
/// whichever format (YAML or JSON, any key order, any number spelling).
public enum ConfigHash {
    /// The hash of a config value.
    public static func of(_ value: ConfigValue) -> String {
        let digest = SHA256.hash(data: CanonicalJSON.bytes(value))
        return digest.map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }
}
