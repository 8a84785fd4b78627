import PsetCLI

await Pset.runFromCommandLine()
