import Foundation

extension Shard {
    /// The environment variables array jobs of common schedulers number their tasks with, in the
    /// order they are looked for.
    public static let schedulerVariables = [
        "JOB_COMPLETION_INDEX", "SLURM_ARRAY_TASK_ID", "AWS_BATCH_JOB_ARRAY_INDEX",
    ]

    /// Parses `I/N`, or `auto/N`: shard I of N taken from the scheduler running this process —
    /// a Kubernetes Indexed Job (`JOB_COMPLETION_INDEX`, from 0), a Slurm job array
    /// (`SLURM_ARRAY_TASK_ID`, counted from `SLURM_ARRAY_TASK_MIN` by `SLURM_ARRAY_TASK_STEP`), or
    /// an AWS Batch array job (`AWS_BATCH_JOB_ARRAY_INDEX`, from 0).
    public init(parsing text: String, environment: [String: String]) throws(PrewarmError) {
        guard text.hasPrefix("auto/") else {
            try self.init(parsing: text)
            return
        }
        guard let count = Int(text.dropFirst("auto/".count)), count >= 1 else {
            throw PrewarmError("a scheduler's shard is written auto/N, N the number of tasks, not '\(text)'")
        }
        let position = try Self.schedulerPosition(environment)
        guard (0..<count).contains(position.index) else {
            throw PrewarmError(
                "\(position.source) makes this task number \(position.index + 1) (counted from 1), "
                    + "but --shard \(text) splits the run in \(count): give as many tasks as shards")
        }
        if let tasks = position.tasks, tasks != count {
            throw PrewarmError(
                "the scheduler runs \(tasks) tasks (\(position.tasksSource)), but --shard \(text) splits the run in "
                    + "\(count): every tile is taken only when both agree")
        }
        try self.init(number: position.index + 1, count: count)
    }

    /// This task's position among its array's tasks (from 0), where it was read, and how many
    /// tasks the scheduler says there are when it says.
    private static func schedulerPosition(_ environment: [String: String]) throws(PrewarmError)
        -> (index: Int, source: String, tasks: Int?, tasksSource: String)
    {
        func integer(_ name: String) throws(PrewarmError) -> Int? {
            guard let text = environment[name] else { return nil }
            guard let value = Int(text.trimmingCharacters(in: .whitespaces)), value >= 0 else {
                throw PrewarmError("\(name)='\(text)' is not a task index (a whole number from 0)")
            }
            return value
        }
        if let index = try integer("JOB_COMPLETION_INDEX") {
            return (index, "JOB_COMPLETION_INDEX=\(index)", nil, "")
        }
        if let id = try integer("SLURM_ARRAY_TASK_ID") {
            let minimum = try integer("SLURM_ARRAY_TASK_MIN") ?? 0
            let step = max(try integer("SLURM_ARRAY_TASK_STEP") ?? 1, 1)
            guard id >= minimum, (id - minimum) % step == 0 else {
                throw PrewarmError(
                    "SLURM_ARRAY_TASK_ID=\(id) is not in the array starting at SLURM_ARRAY_TASK_MIN=\(minimum) "
                        + "by steps of \(step)")
            }
            let tasks = try integer("SLURM_ARRAY_TASK_COUNT")
            return (
                (id - minimum) / step, "SLURM_ARRAY_TASK_ID=\(id) (from \(minimum) by \(step))", tasks,
                "SLURM_ARRAY_TASK_COUNT=\(tasks ?? 0)"
            )
        }
        if let index = try integer("AWS_BATCH_JOB_ARRAY_INDEX") {
            return (index, "AWS_BATCH_JOB_ARRAY_INDEX=\(index)", nil, "")
        }
        throw PrewarmError(
            "--shard auto/N takes this task's index from "
                + schedulerVariables.joined(separator: ", ")
                + ", and none is set: run it as a Kubernetes Indexed Job, a Slurm job array or an AWS Batch "
                + "array job, or give --shard I/N")
    }
}
