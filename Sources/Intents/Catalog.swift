/// The baseline intents every locale pack covers, and the reply keys the desk itself needs.
public enum Catalog {
    public static let intents: [IntentID] = [
        "greeting", "goodbye", "thanks", "help", "human_agent", "language_change", "feedback",
        "office_hours", "office_location", "property_tax", "water_bill", "birth_certificate", "death_certificate",
        "marriage_registration", "business_license", "building_permit", "waste_collection_schedule",
        "new_water_connection",
        "complaint_water_supply", "complaint_garbage", "complaint_streetlight", "complaint_road", "complaint_sewage",
        "complaint_noise", "complaint_corruption", "complaint_general", "complaint_status",
    ]

    /// Complaint categories, the intent that files each, and its reply key.
    public static let categories: [(code: String, intent: IntentID)] = [
        ("water", "complaint_water_supply"), ("garbage", "complaint_garbage"), ("streetlight", "complaint_streetlight"),
        ("road", "complaint_road"), ("sewage", "complaint_sewage"), ("noise", "complaint_noise"),
        ("corruption", "complaint_corruption"), ("general", "complaint_general"),
    ]

    public static let statuses = ["received", "acknowledged", "in_progress", "resolved", "closed", "rejected", "duplicate"]

    /// Reply keys besides the intents, with the conversation values each may use.
    public static let systemReplies: [String: Set<String>] = {
        var keys: [String: Set<String>] = [
            "fallback": [],
            "language_changed": ["language"],
            "language_choose": ["languages"],
            "complaint_ask_location": ["category"],
            "complaint_ask_description": ["category"],
            "complaint_ask_name": [],
            "complaint_confirm": ["category", "location", "description"],
            "complaint_filed": ["reference", "expected"],
            "complaint_duplicate": ["reference", "primary", "expected"],
            "notify_escalated": ["reference", "expected"],
            "complaint_cancelled": [],
            "complaint_resume": ["category"],
            "status_ask_reference": [],
            "status_reply": ["reference", "status", "date", "note", "expected"],
            "status_list": ["list"],
            "status_not_found": ["reference"],
            "notify_status_changed": ["reference", "status", "note"],
            "feedback_ask_rating": ["reference"],
            "feedback_thanks": [],
            "feedback_reopened": ["reference"],
            "sms_help": ["codes"],
            "sms_stopped": [],
            "sms_started": [],
            "sms_more": ["command"],
            "ussd_menu": [],
            "message_too_long": ["limit"],
            "clarify_ask": ["options"],
            "privacy_forget_confirm": [],
            "privacy_forgotten": [],
            "privacy_kept": [],
            "handoff_queued": ["hours"],
            "handoff_waiting": [],
            // The dialogue: notes for the citizen, corrections, reopening, expiry, pins and photos, USSD screens.
            "status_note": ["note"],
            "status_note_rated": [],
            "status_note_reopened": [],
            "complaint_ask_correction": ["location", "description"],
            "complaint_reopen_ask": ["reference", "category"],
            "complaint_expired": ["category"],
            "location_received": [],
            "photo_received": [],
            "photo_attached": [],
            "ussd_invalid": [],
            "ussd_more": ["command"],
        ]
        for c in categories { keys["category_\(c.code)"] = [] }
        for s in statuses { keys["status_\(s)"] = [] }
        return keys
    }()

    /// Values the conversation may fill in any reply (besides the city's settings).
    public static let conversationValues: Set<String> = [
        "language", "languages", "reference", "category", "location", "description", "status", "date", "note", "list",
        "codes", "command", "limit", "options", "expected", "primary", "hours",
    ]
}
