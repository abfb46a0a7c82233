import Foundation
import FuzzDriver
import FuzzSupport

// libFuzzer runs `fuzzClassifier` (FuzzClassifier.swift) on every input.
exit(runFuzzer(fuzzClassifier))
