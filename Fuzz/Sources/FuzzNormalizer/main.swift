import Foundation
import FuzzDriver
import FuzzSupport

// libFuzzer runs `fuzzNormalizer` (FuzzNormalizer.swift) on every input.
exit(runFuzzer(fuzzNormalizer))
