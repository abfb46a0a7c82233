import Foundation
import FuzzDriver
import FuzzSupport

// libFuzzer runs `fuzzGatewayDecoders` (FuzzGatewayDecoders.swift) on every input.
exit(runFuzzer(fuzzGatewayDecoders))
