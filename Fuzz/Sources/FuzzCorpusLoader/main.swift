import Foundation
import FuzzDriver
import FuzzSupport

// libFuzzer runs `fuzzCorpusLoader` (FuzzCorpusLoader.swift) on every input.
exit(runFuzzer(fuzzCorpusLoader))
