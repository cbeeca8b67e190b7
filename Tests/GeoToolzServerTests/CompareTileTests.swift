import Foundation
import TestSupport
import Testing

/// `/compare/{a}/{b}/{z}/{x}/{y}.png`: what a client may ask is checked before anything renders.
@Suite(.timeLimit(.minutes(2))) struct CompareTileTests {
    @Test func aDifferenceTileIsAPNGAndBadRequestsSayWhatIsWrong() throws {
        let server = try RunningServer(layers: try DemoLayers.all())
        let tile = try server.get("/compare/elevation/hillshade/9/85/197.png?range=500")
        #expect(tile.status == 200 && tile.header("Content-Type") == "image/png")
        #expect(Array(tile.body.prefix(4)) == [0x89, 0x50, 0x4E, 0x47])

        for (query, parameter) in [
            ("range=0", "range"), ("range=-3", "range"), ("range=nan", "range"), ("size=2", "size"),
        ] {
            let refused = try server.get("/compare/elevation/hillshade/9/85/197.png?\(query)")
            #expect(refused.status == 400, "\(query): \(refused.text)")
            let body = try JSONSerialization.jsonObject(with: Data(refused.body)) as? [String: Any]
            #expect(body?["parameter"] as? String == parameter, "\(query): \(refused.text)")
        }
        #expect(try server.get("/compare/elevation/hillshade/9/85/197@2x.png").status == 400)
        #expect(try server.get("/compare/elevation/hillshade/9/85/197.webp").status == 400)
        #expect(try server.get("/compare/elevation/hillshade/3/100/0.png").status == 404)
        #expect(try server.get("/compare/elevation/no-such-layer/9/85/197.png").status == 404)
        // Far from both layers' data: nothing to draw.
        #expect(try server.get("/compare/elevation/hillshade/9/0/0.png").status == 204)
    }
}
