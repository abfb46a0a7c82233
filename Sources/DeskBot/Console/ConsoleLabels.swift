/// The console's own labels, per staff language (`en`, `ur`). Urdu is laid out right to left (`dir="rtl"`).
enum ConsoleLabels {
    static let languages = ["en", "ur"]

    static func direction(_ language: String) -> String { language == "ur" ? "rtl" : "ltr" }

    static func labels(_ language: String) -> [String: String] {
        language == "ur" ? urdu.merging(english) { ur, _ in ur } : english
    }

    static let english: [String: String] = [
        "app": "DeskBot staff console", "menu": "Main menu", "skip": "Skip to content",
        "dashboard": "Dashboard", "complaints": "Complaints", "handoffs": "Handoff inbox", "knowledge": "Knowledge",
        "unmatched": "Not understood", "staff": "Staff", "audit": "Audit log", "logout": "Log out", "opendata": "Open data",
        "login": "Log in", "username": "Username", "password": "Password", "login_failed": "Wrong username or password.",
        "locked": "Too many failed logins: this account is locked for a while.", "rate_limited": "Too many attempts. Wait a minute.",
        "forbidden": "Your role does not allow this.", "csrf": "The form has expired or was not sent from the console. Reload and try again.",
        "status": "Status", "category": "Category", "locale": "Language", "channel": "Channel", "age": "Age",
        "any": "any", "filter": "Filter", "search_reference": "Reference", "search": "Search", "overdue": "Overdue only",
        "reference": "Reference", "filed": "Filed", "updated": "Updated", "days": "days", "location": "Location",
        "description": "Description", "name": "Name", "history": "Status history", "by": "by", "note": "Note",
        "change_status": "Change status", "new_status": "New status", "save": "Save", "reopen": "Reopen",
        "duplicate_of": "Duplicate of (reference)", "mark_duplicate": "Mark as duplicate", "previous": "Previous", "next": "Next",
        "page": "Page", "no_rows": "Nothing here.", "notifications": "Notifications to the citizen",
        "citizen_messages": "The citizen's messages", "citizen_messages_hidden": "The citizen's messages are shown to supervisors and admins.",
        "status_changed": "Status changed; the citizen is notified in their language.", "handed_back": "Handed back to the bot.",
        "answer_sent": "Answer queued for the citizen's channel.", "opened": "Opened", "waiting": "waiting", "answered": "answered",
        "closed": "closed", "answer": "Answer", "answer_text": "Your answer (sent to the citizen as written)",
        "hand_back": "Hand the conversation back to the bot after sending", "send": "Send", "hand_back_now": "Hand back to the bot",
        "faq_answers": "FAQ answers", "intents": "Intents", "edit": "Edit", "keywords": "Keywords", "phrases": "Phrases",
        "examples": "Examples", "one_per_line": "One per line; `word: 2` gives a weight.", "answer_text_faq": "Answer",
        "try_it": "Try it", "message": "Message", "try": "Try", "desk_answers": "The desk would answer",
        "why": "Why", "saved": "Saved and reloaded: the desk uses it now.", "errors": "Not saved: the corpus would have errors",
        "count": "Count", "last_seen": "Last seen", "promote": "Promote", "as": "as", "example": "example",
        "keyword": "keyword", "intent": "Intent", "dismiss": "Dismiss", "now_classifies": "Now classifies as",
        "dismissed": "Dismissed.", "role": "Role", "language": "Console language", "disabled": "Disabled", "add_staff": "Add a staff member",
        "add": "Add", "disable": "Disable", "enable": "Enable", "when": "When", "who": "Who", "what": "What", "subject": "Subject",
        "complaints_per_week": "Complaints per category per week", "open_resolved": "Open and resolved",
        "median_days": "Median days to resolution", "ratings": "Ratings", "not_understood": "Share of messages not understood, per language",
        "open": "Open", "resolved": "Resolved", "average_rating": "Average rating", "messages": "Messages",
        "download_csv": "Download CSV", "download_json": "Download JSON", "opendata_intro": "Anonymised figures of the city's service desk: counts only, no personal data and no message text.",
        "by_category": "By category", "by_month": "By month", "by_locale": "By language", "by_status": "By status",
        "preferences": "Language", "staff_added": "Staff member added.", "staff_changed": "Account changed.",
        "fallback": "the fallback (not understood)",
    ]

    static let urdu: [String: String] = [
        "app": "ڈیسک بوٹ عملے کا کنسول", "menu": "مرکزی فہرست", "skip": "مواد پر جائیں",
        "dashboard": "ڈیش بورڈ", "complaints": "شکایات", "handoffs": "عملے کے حوالے گفتگو", "knowledge": "معلومات",
        "unmatched": "جو سمجھ نہ آیا", "staff": "عملہ", "audit": "کارروائیوں کا ریکارڈ", "logout": "لاگ آؤٹ", "opendata": "عوامی اعداد و شمار",
        "login": "لاگ اِن", "username": "صارف نام", "password": "پاس ورڈ", "login_failed": "صارف نام یا پاس ورڈ غلط ہے۔",
        "locked": "بہت زیادہ ناکام کوششیں: یہ اکاؤنٹ کچھ دیر کے لیے بند ہے۔", "rate_limited": "بہت زیادہ کوششیں۔ ایک منٹ انتظار کریں۔",
        "forbidden": "آپ کے عہدے کو اس کی اجازت نہیں۔", "csrf": "فارم کی مدت ختم ہو گئی یا یہ کنسول سے نہیں بھیجا گیا۔ صفحہ دوبارہ کھولیں۔",
        "status": "حیثیت", "category": "زمرہ", "locale": "زبان", "channel": "ذریعہ", "age": "عمر",
        "any": "کوئی بھی", "filter": "چھانٹیں", "search_reference": "حوالہ نمبر", "search": "تلاش", "overdue": "صرف تاخیر والی",
        "reference": "حوالہ نمبر", "filed": "درج ہوئی", "updated": "تازہ کاری", "days": "دن", "location": "مقام",
        "description": "تفصیل", "name": "نام", "history": "حیثیت کی تاریخ", "by": "از", "note": "نوٹ",
        "change_status": "حیثیت بدلیں", "new_status": "نئی حیثیت", "save": "محفوظ کریں", "reopen": "دوبارہ کھولیں",
        "duplicate_of": "اس کی نقل (حوالہ نمبر)", "mark_duplicate": "نقل قرار دیں", "previous": "پچھلا", "next": "اگلا",
        "page": "صفحہ", "no_rows": "یہاں کچھ نہیں۔", "notifications": "شہری کو اطلاعات",
        "citizen_messages": "شہری کے پیغامات", "citizen_messages_hidden": "شہری کے پیغامات نگرانوں اور منتظمین کو دکھائے جاتے ہیں۔",
        "status_changed": "حیثیت بدل گئی؛ شہری کو اس کی زبان میں اطلاع دی جا رہی ہے۔", "handed_back": "گفتگو بوٹ کو واپس دے دی گئی۔",
        "answer_sent": "جواب شہری کے ذریعے پر بھیجنے کے لیے قطار میں ہے۔", "opened": "شروع ہوئی", "waiting": "منتظر", "answered": "جواب دیا گیا",
        "closed": "بند", "answer": "جواب", "answer_text": "آپ کا جواب (شہری کو جوں کا توں بھیجا جائے گا)",
        "hand_back": "بھیجنے کے بعد گفتگو بوٹ کو واپس دیں", "send": "بھیجیں", "hand_back_now": "بوٹ کو واپس دیں",
        "faq_answers": "عام سوالات کے جواب", "intents": "ارادے", "edit": "ترمیم", "keywords": "کلیدی الفاظ", "phrases": "جملے",
        "examples": "مثالیں", "one_per_line": "ہر سطر میں ایک؛ `word: 2` وزن دیتا ہے۔", "answer_text_faq": "جواب",
        "try_it": "آزمائیں", "message": "پیغام", "try": "آزمائیں", "desk_answers": "ڈیسک یہ جواب دے گا",
        "why": "کیوں", "saved": "محفوظ ہو گیا اور ڈیسک نے اسے لاگو کر دیا۔", "errors": "محفوظ نہیں ہوا: اس سے ذخیرے میں غلطیاں ہوتیں",
        "count": "تعداد", "last_seen": "آخری بار", "promote": "شامل کریں", "as": "بطور", "example": "مثال",
        "keyword": "کلیدی لفظ", "intent": "ارادہ", "dismiss": "رد کریں", "now_classifies": "اب اس طرح سمجھا جاتا ہے",
        "dismissed": "رد کر دیا گیا۔", "role": "عہدہ", "language": "کنسول کی زبان", "disabled": "غیر فعال", "add_staff": "عملے کا رکن شامل کریں",
        "add": "شامل کریں", "disable": "غیر فعال کریں", "enable": "فعال کریں", "when": "کب", "who": "کس نے", "what": "کیا", "subject": "کس پر",
        "complaints_per_week": "ہر ہفتے ہر زمرے کی شکایات", "open_resolved": "کھلی اور حل شدہ",
        "median_days": "حل ہونے میں درمیانی دن", "ratings": "درجہ بندیاں", "not_understood": "ہر زبان میں نہ سمجھے گئے پیغامات کا حصہ",
        "open": "کھلی", "resolved": "حل شدہ", "average_rating": "اوسط درجہ", "messages": "پیغامات",
        "download_csv": "CSV ڈاؤن لوڈ کریں", "download_json": "JSON ڈاؤن لوڈ کریں", "opendata_intro": "شہر کے سروس ڈیسک کے گمنام اعداد و شمار: صرف گنتی، کوئی ذاتی معلومات یا پیغام نہیں۔",
        "by_category": "زمرے کے لحاظ سے", "by_month": "مہینے کے لحاظ سے", "by_locale": "زبان کے لحاظ سے", "by_status": "حیثیت کے لحاظ سے",
        "preferences": "زبان", "staff_added": "عملے کا رکن شامل ہو گیا۔", "staff_changed": "اکاؤنٹ بدل گیا۔",
        "fallback": "متبادل جواب (سمجھ نہ آیا)",
    ]
}
