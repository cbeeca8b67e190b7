import Foundation

#if FUZZING
    import CFuzzerDriver
#endif

/// The `main` of every fuzz target.
///
/// In a fuzz build (compiled with `-DFUZZING`, linked with libFuzzer's no-main runtime) it hands
/// the command line to libFuzzer. In a normal build the target is a replayer instead: it runs
/// the test once over each file named on the command line, and over each file in each folder
/// named, so a crash or corpus can be checked without the fuzz toolchain.
public enum FuzzMain {
    /// Runs `test` as the process's work and exits with its status.
    public static func run(_ test: FuzzTest) -> Never {
        #if FUZZING
            var argc = CommandLine.argc
            var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
            exit(LLVMFuzzerRunDriver(&argc, &argv, test))
        #else
            exit(replay(test, paths: Array(CommandLine.arguments.dropFirst())))
        #endif
    }

    /// Runs `test` over the inputs at `paths` (files, or folders of files; arguments starting with
    /// `-` are libFuzzer options and are skipped); returns the exit status.
    static func replay(_ test: FuzzTest, paths: [String]) -> Int32 {
        let files = paths.filter { !$0.hasPrefix("-") }.flatMap(inputFiles)
        guard !files.isEmpty else {
            FileHandle.standardError.write(Data("usage: \(CommandLine.arguments[0]) <input file or folder>…\n".utf8))
            return 2
        }
        for file in files {
            guard let data = FileManager.default.contents(atPath: file) else {
                FileHandle.standardError.write(Data("cannot read \(file)\n".utf8))
                return 1
            }
            _ = data.withUnsafeBytes { bytes in
                test(bytes.bindMemory(to: UInt8.self).baseAddress, bytes.count)
            }
        }
        print("\(files.count) input\(files.count == 1 ? "" : "s") ran without a trap")
        return 0
    }

    /// The file at `path`, or the regular files directly inside the folder at `path`, sorted.
    private static func inputFiles(_ path: String) -> [String] {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else { return [path] }
        guard isFolder.boolValue else { return [path] }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        return names.sorted().map { (path as NSString).appendingPathComponent($0) }.filter { file in
            var isSubfolder: ObjCBool = false
            return FileManager.default.fileExists(atPath: file, isDirectory: &isSubfolder) && !isSubfolder.boolValue
        }
    }
}
