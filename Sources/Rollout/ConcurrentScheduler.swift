/// Runs targets in plan order with at most `plan.concurrency` in flight; a failure stops nothing.
package struct ConcurrentScheduler: Scheduler {
    /// Creates the scheduler.
    package init() {}

    package func run(_ plan: RolloutPlan, events: any RolloutEventSink, work: @escaping TargetWork) async
        -> RolloutSummary
    {
        let clock = ContinuousClock()
        let start = clock.now
        await events.handle(.started(plan))
        var results = [TargetResult?](repeating: nil, count: plan.targets.count)
        await withTaskGroup(of: (Int, TargetResult).self) { group in
            var next = 0
            func launch() {
                let index = next
                let target = plan.targets[index]
                next += 1
                group.addTask {
                    await events.handle(.targetStarted(target))
                    let began = clock.now
                    let outcome = await work(target)
                    let result = TargetResult(target: target, outcome: outcome, duration: clock.now - began)
                    await events.handle(.targetFinished(result))
                    return (index, result)
                }
            }
            while next < plan.targets.count, next < plan.concurrency { launch() }
            for await (index, result) in group {
                results[index] = result
                if next < plan.targets.count { launch() }
            }
        }
        let summary = RolloutSummary(results: results.compactMap { $0 }, duration: clock.now - start)
        await events.handle(.finished(summary))
        return summary
    }
}
