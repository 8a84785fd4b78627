import PsetCLI

await Pset.main()
