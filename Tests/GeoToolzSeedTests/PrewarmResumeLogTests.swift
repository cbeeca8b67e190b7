import Foundation
import GeoToolzIO
import TestSupport
import Testing

@testable import GeoToolzSeed

@Suite struct PrewarmResumeLogTests {
    let plan = TilePlan(layers: [PrewarmPlanTests.extent("a"), PrewarmPlanTests.extent("b")], zooms: 6...9)

    func file() throws -> String { try temporaryDirectory("resume") + "/run.log" }

    func record(_ log: ResumeLog, _ indices: some Sequence<Int>) throws {
        for index in indices {
            let item = plan.item(at: index)
            try log.record(layer: plan.layers[item.layer].name, tile: item.tile)
        }
    }

    @Test func recordedTilesAreSkippedWhenReopened() throws {
        let path = try file()
        let first = try ResumeLog(path: path, plan: plan, scale: 1, batchSize: 4)
        #expect(first.recordedCount == 0)
        try record(first, [0, 3, 5, 40])
        // A batch of 4 is on disk before any flush or close: a crash now loses nothing.
        #expect(try ResumeLog(path: path, plan: plan, scale: 1).recordedCount == 4)
        try record(first, [41, 0])
        try first.close()

        let second = try ResumeLog(path: path, plan: plan, scale: 1)
        #expect(second.recordedCount == 5)
        #expect((0..<plan.count).filter(second.contains) == [0, 3, 5, 40, 41])
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.hasPrefix("# geotoolz prewarm resume log v1\n# scale 1\n# layer a id-a\n# layer b id-b\n"))
    }

    @Test func aTornLastLineIsIgnoredAndTheNextLineStartsClean() throws {
        let path = try file()
        let log = try ResumeLog(path: path, plan: plan, scale: 1)
        try record(log, [1, 2])
        try log.close()
        let handle = try #require(FileHandle(forWritingAtPath: path))
        handle.seekToEndOfFile()
        // Cut short, "a/6/10/24" still names a tile: only a newline marks a line finished.
        handle.write(Data("a/6/10/2".utf8))
        try handle.close()

        let reopened = try ResumeLog(path: path, plan: plan, scale: 1)
        #expect(reopened.recordedCount == 2)
        try record(reopened, [7])
        try reopened.close()
        #expect(try ResumeLog(path: path, plan: plan, scale: 1).recordedCount == 3)
        #expect(
            try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").last
                == "a/\(plan.item(at: 7).tile)")
    }

    @Test func tilesOfAChangedLayerNoLongerCount() throws {
        let path = try file()
        let log = try ResumeLog(path: path, plan: plan, scale: 1)
        let firstOfB = plan.blocks.first { $0.layer == 1 }!.start
        try record(log, [0, 1, firstOfB, firstOfB + 1])
        try log.close()

        var changed = plan.layers
        changed[1] = LayerExtent(name: "b", zooms: changed[1].zooms, bounds: changed[1].bounds, identity: "id-b2")
        let newPlan = TilePlan(layers: changed, zooms: 6...9)
        let reopened = try ResumeLog(path: path, plan: newPlan, scale: 1)
        #expect(reopened.recordedCount == 2)
        #expect(reopened.changedLayers == ["b"])
        let item = newPlan.item(at: firstOfB + 2)
        try reopened.record(layer: "b", tile: item.tile)
        try reopened.close()
        let again = try ResumeLog(path: path, plan: newPlan, scale: 1)
        #expect(again.recordedCount == 3)
        #expect(again.contains(firstOfB + 2) && !again.contains(firstOfB))
        // Fewer layers, other zooms: what the plan still holds counts.
        let narrower = TilePlan(layers: [plan.layers[0]], zooms: 6...6)
        #expect(try ResumeLog(path: path, plan: narrower, scale: 1).recordedCount == 2)
    }

    @Test func otherFilesAndOtherScalesAreRefused() throws {
        let path = try file()
        try ResumeLog(path: path, plan: plan, scale: 1).close()
        #expect(throws: PrewarmError.self) { try ResumeLog(path: path, plan: plan, scale: 2) }

        let notALog = try file()
        try "hello\n".write(toFile: notALog, atomically: true, encoding: .utf8)
        #expect(throws: PrewarmError.self) { try ResumeLog(path: notALog, plan: plan, scale: 1) }

        let garbled = try file()
        try "# geotoolz prewarm resume log v1\n# scale 1\na/6/10/24\nnonsense\na/6/11/24\n"
            .write(toFile: garbled, atomically: true, encoding: .utf8)
        #expect(throws: PrewarmError("\(garbled):4: expected LAYER/Z/X/Y, found 'nonsense'")) {
            try ResumeLog(path: garbled, plan: plan, scale: 1)
        }

        let empty = try file()
        #expect(FileManager.default.createFile(atPath: empty, contents: Data()))
        #expect(try ResumeLog(path: empty, plan: plan, scale: 1).recordedCount == 0)
    }
}
