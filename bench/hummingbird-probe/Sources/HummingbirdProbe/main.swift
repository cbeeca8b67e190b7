import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import NIOPosix

// HummingbirdProbe PORT BODY_FILE [--nio-executor]
// Answers GET /tiles/{layer}/{z}/{x}/{y}.png with BODY_FILE's bytes and the headers GeoToolz
// sends with a tile from its memory cache; it does no other work, so what it costs per request
// is Hummingbird's floor.
let arguments = CommandLine.arguments
guard arguments.count >= 3, let port = Int(arguments[1]),
    let bytes = FileManager.default.contents(atPath: arguments[2])
else {
    FileHandle.standardError.write(Data("usage: HummingbirdProbe PORT BODY_FILE [--nio-executor]\n".utf8))
    exit(2)
}
if arguments.contains("--nio-executor") {
    // Runs async handlers on the event loops instead of hopping to Swift's global executor.
    _ = NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
}

let body = ByteBuffer(bytes: bytes)
let router = Router()
router.get("/tiles/:layer/:z/:x/:y") { request, context -> Response in
    let z = try context.parameters.require("z", as: Int.self)
    let x = try context.parameters.require("x", as: Int.self)
    var headers = HTTPFields()
    headers[.contentType] = "image/png"
    headers[.eTag] = "\"2c29052b9f2c1db6-abcdef0123456789-\(z)-\(x)-1\""
    headers[.cacheControl] = "public, max-age=3600"
    headers[HTTPField.Name("X-Config-Hash")!] = "2c29052b9f2c1db606049e66d3ec6e2fdf7cd389b6a3220c84a64348b179f35b"
    headers[HTTPField.Name("X-Cache")!] = "memory"
    headers[HTTPField.Name("X-Request-Id")!] = "95458be5-\(x)"
    headers[.accessControlAllowOrigin] = "*"
    return Response(status: .ok, headers: headers, body: .init(byteBuffer: body))
}
let app = Application(
    router: router,
    configuration: .init(address: .hostname("127.0.0.1", port: port)))
try await app.runService()
