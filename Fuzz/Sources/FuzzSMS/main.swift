import Foundation
import FuzzDriver
import FuzzSupport

// libFuzzer runs `fuzzSMS` (FuzzSMS.swift) on every input.
exit(runFuzzer(fuzzSMS))
