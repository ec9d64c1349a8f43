import ArgumentParser

/// `run`'s journal options, taken by commands that journal nothing (`plan`, `drift`) so that a run's
/// command line works unchanged with them.
struct AcceptedJournalOptions: ParsableArguments {
    @Option(
        name: .customLong("journal"),
        help: ArgumentHelp("Accepted as `run` takes it; nothing is journaled.", valueName: "file"))
    var journal: String?

    @Flag(name: .customLong("no-journal"), help: "Accepted as `run` takes it; nothing is journaled.")
    var noJournal = false

    func validate() throws {
        if noJournal, journal != nil {
            throw ValidationError("--journal and --no-journal contradict each other: pass one")
        }
    }
}
