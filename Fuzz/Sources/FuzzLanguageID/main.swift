import Foundation
import FuzzDriver
import FuzzSupport

// libFuzzer runs `fuzzLanguageID` (FuzzLanguageID.swift) on every input.
exit(runFuzzer(fuzzLanguageID))
