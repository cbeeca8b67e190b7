import Foundation
import TestSupport
import Testing

/// `geotoolz prewarm` and `geotoolz cache` as a user runs them, against a real Redis Cluster.
@Suite(.serialized, .timeLimit(.minutes(2))) struct ClusterCacheCommandTests {
    @Test func prewarmStatsAndPurgeSpanTheCluster() throws {
        let layers = try PackageFolders.layerFolder(["elevation": PackageFolders.demoLayer("elevation")])
        let cluster = RedisClusterProcess()
        try cluster.start()
        let url = "redis+cluster://" + cluster.nodes.map { "127.0.0.1:\($0.port)" }.joined(separator: ",")

        let prewarm = try GeoToolzBinary.run(
            ["prewarm", "--layers", layers, "--data", PackageFolders.data, "--layer", "elevation", "--zoom", "6-8"]
                + ["--redis", url])
        #expect(prewarm.status == 0, "\(prewarm.standardError)")
        let stats = try GeoToolzBinary.run(["cache", "stats", "--layer", "elevation", "--redis", url])
        #expect(stats.status == 0 && stats.standardOutput.hasPrefix("elevation: 10 tiles, "), "\(stats)")
        let purge = try GeoToolzBinary.run(["cache", "purge", "--layer", "elevation", "--redis", url])
        #expect(purge.standardOutput == "elevation: removed 10 tiles\n")
        for master in try cluster.masters() {
            #expect(try master.connect().run(["DBSIZE"]) == .integer(0))
        }

        let numbered = try GeoToolzBinary.run(["cache", "stats", "--layer", "elevation", "--redis", url + "/1"])
        #expect(numbered.status == 64 && numbered.standardError.contains("database 0 only"), "\(numbered)")
    }
}
