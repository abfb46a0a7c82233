#include "cicu.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/ucurr.h>
#include <unicode/udat.h>
#include <unicode/udatpg.h>
#include <unicode/uloc.h>
#include <unicode/unum.h>
#include <unicode/ures.h>
#include <unicode/ustring.h>

// MARK: - Formatter cache
//
// One entry per (kind, locale, pattern): a number formatter, a currency formatter for one currency (the pattern is
// its ISO code), or a date formatter compiled from a skeleton (the pattern). ICU formatters are not guaranteed safe to share between threads (a date formatter owns a
// calendar it mutates while formatting), so each entry has its own lock, held while it formats.
//
// Lock order: `cache_lock`, then an entry's lock. A caller takes the entry's lock before it lets go of
// `cache_lock`, so `close_all` (which holds `cache_lock` and then takes each entry's lock) waits for calls in
// progress and no call can reach an entry that is being closed.

typedef enum { KIND_NUMBER = 1, KIND_MONEY = 2, KIND_DATE = 3 } format_kind;

typedef struct {
    format_kind kind;          // 0: free
    char locale[96];
    char pattern[64];          // date skeleton, currency code, or empty for numbers
    void *handle;              // UNumberFormat * or UDateFormat *
    pthread_mutex_t lock;
} format_entry;

static format_entry entries[DESKBOT_ICU_MAX_FORMATTERS];
static int32_t entry_count = 0;
static pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;

static const UChar utc_zone[] = { 'U', 'T', 'C', 0 };

/// Opens a new ICU formatter of this kind. NULL on failure.
static void *open_formatter(format_kind kind, const char *locale, const char *pattern) {
    UErrorCode status = U_ZERO_ERROR;
    if (kind == KIND_NUMBER || kind == KIND_MONEY) {
        UNumberFormat *f = unum_open(kind == KIND_MONEY ? UNUM_CURRENCY : UNUM_DECIMAL, NULL, 0, locale, NULL, &status);
        if (U_SUCCESS(status) && kind == KIND_MONEY) {
            // One formatter per currency, its code set once: ICU 72's unum_formatDoubleCurrency builds a new
            // formatter for the currency on every call (about 100 µs against 2 µs), with the same output.
            UChar code[4];
            u_uastrncpy(code, pattern, 3);
            code[3] = 0;
            unum_setTextAttribute(f, UNUM_CURRENCY_CODE, code, 3, &status);
        }
        if (U_FAILURE(status)) { if (f) unum_close(f); return NULL; }
        return f;
    }
    UDateTimePatternGenerator *generator = udatpg_open(locale, &status);
    if (U_FAILURE(status)) { if (generator) udatpg_close(generator); return NULL; }
    UChar skeleton[64];
    u_uastrncpy(skeleton, pattern, 63);
    skeleton[63] = 0;
    UChar best[128];
    int32_t n = udatpg_getBestPattern(generator, skeleton, -1, best, 128, &status);
    udatpg_close(generator);
    if (U_FAILURE(status)) return NULL;
    UDateFormat *f = udat_open(UDAT_PATTERN, UDAT_PATTERN, locale, utc_zone, -1, best, n, &status);
    if (U_FAILURE(status)) { if (f) udat_close(f); return NULL; }
    return f;
}

static void close_formatter(format_kind kind, void *handle) {
    if (!handle) return;
    if (kind == KIND_DATE) udat_close((UDateFormat *)handle);
    else unum_close((UNumberFormat *)handle);
}

/// The cached formatter for (kind, locale, pattern), with its lock held; or, when the cache is full, a formatter
/// opened for this call only (`scratch`, closed by `release`). NULL when ICU cannot open one.
static format_entry *acquire(format_kind kind, const char *locale, const char *pattern, format_entry *scratch) {
    if (!locale || strlen(locale) >= sizeof entries[0].locale) return NULL;
    if (!pattern) pattern = "";
    if (strlen(pattern) >= sizeof entries[0].pattern) return NULL;
    pthread_mutex_lock(&cache_lock);
    for (int32_t i = 0; i < entry_count; i++) {
        format_entry *e = &entries[i];
        if (e->kind == kind && strcmp(e->locale, locale) == 0 && strcmp(e->pattern, pattern) == 0) {
            pthread_mutex_lock(&e->lock);
            pthread_mutex_unlock(&cache_lock);
            return e;
        }
    }
    // Opened under the cache lock: opening takes well under a millisecond once ICU's data is loaded, and it
    // happens once per (locale, kind, skeleton or currency).
    void *handle = open_formatter(kind, locale, pattern);
    if (!handle) { pthread_mutex_unlock(&cache_lock); return NULL; }
    if (entry_count >= DESKBOT_ICU_MAX_FORMATTERS) {
        // Not cached: `release` closes it.
        scratch->kind = kind;
        scratch->handle = handle;
        pthread_mutex_unlock(&cache_lock);
        return scratch;
    }
    format_entry *e = &entries[entry_count++];
    pthread_mutex_init(&e->lock, NULL);
    e->kind = kind;
    strcpy(e->locale, locale);
    strcpy(e->pattern, pattern);
    e->handle = handle;
    pthread_mutex_lock(&e->lock);
    pthread_mutex_unlock(&cache_lock);
    return e;
}

static void release(format_entry *e, format_kind kind, format_entry *scratch) {
    if (e == scratch) close_formatter(kind, scratch->handle);
    else pthread_mutex_unlock(&e->lock);
}

int32_t deskbot_icu_formatters_cached(void) {
    pthread_mutex_lock(&cache_lock);
    int32_t n = entry_count;
    pthread_mutex_unlock(&cache_lock);
    return n;
}

void deskbot_icu_formatters_close_all(void) {
    pthread_mutex_lock(&cache_lock);
    for (int32_t i = 0; i < entry_count; i++) {
        format_entry *e = &entries[i];
        pthread_mutex_lock(&e->lock);
        close_formatter(e->kind, e->handle);
        e->handle = NULL;
        e->kind = 0;
        pthread_mutex_unlock(&e->lock);
        pthread_mutex_destroy(&e->lock);
    }
    entry_count = 0;
    pthread_mutex_unlock(&cache_lock);
}

// MARK: - UTF-16 → UTF-8

static int32_t to_utf8(const UChar *text, int32_t len, UErrorCode status, char *out, int32_t cap) {
    if (status == U_BUFFER_OVERFLOW_ERROR) return DESKBOT_ICU_FORMAT_SMALL;
    if (U_FAILURE(status)) return DESKBOT_ICU_FORMAT_FAILED;
    int32_t written = 0;
    UErrorCode convert = U_ZERO_ERROR;
    u_strToUTF8(out, cap, &written, text, len, &convert);
    if (convert == U_BUFFER_OVERFLOW_ERROR) return DESKBOT_ICU_FORMAT_SMALL;
    if (U_FAILURE(convert)) return DESKBOT_ICU_FORMAT_FAILED;
    return written;
}

// MARK: - Numbers and money

#define WORK 256

int32_t deskbot_icu_format_number(const char *locale, double value, char *out, int32_t cap) {
    format_entry scratch;
    format_entry *e = acquire(KIND_NUMBER, locale, "", &scratch);
    if (!e) return DESKBOT_ICU_FORMAT_FAILED;
    UChar text[WORK];
    UErrorCode status = U_ZERO_ERROR;
    int32_t n = unum_formatDouble((const UNumberFormat *)e->handle, value, text, WORK, NULL, &status);
    release(e, KIND_NUMBER, &scratch);
    return to_utf8(text, n, status, out, cap);
}

static int valid_currency(const char *currency) {
    if (!currency || strlen(currency) != 3) return 0;
    for (int i = 0; i < 3; i++) if (currency[i] < 'A' || currency[i] > 'Z') return 0;
    return 1;
}

int32_t deskbot_icu_format_money(const char *locale, double amount, const char *currency, char *out, int32_t cap) {
    if (!valid_currency(currency)) return DESKBOT_ICU_FORMAT_FAILED;
    format_entry scratch;
    format_entry *e = acquire(KIND_MONEY, locale, currency, &scratch);
    if (!e) return DESKBOT_ICU_FORMAT_FAILED;
    UChar text[WORK];
    UErrorCode status = U_ZERO_ERROR;
    int32_t n = unum_formatDouble((const UNumberFormat *)e->handle, amount, text, WORK, NULL, &status);
    release(e, KIND_MONEY, &scratch);
    return to_utf8(text, n, status, out, cap);
}

int32_t deskbot_icu_currency_known(const char *currency) {
    if (!valid_currency(currency)) return 0;
    UChar code[4];
    u_uastrncpy(code, currency, 3);
    code[3] = 0;
    UErrorCode status = U_ZERO_ERROR;
    // Any time from year -9999 to 9999: a currency that was ever in use counts.
    UBool known = ucurr_isAvailable(code, -3.15e14, 2.5e14, &status);
    return U_SUCCESS(status) && known ? 1 : 0;
}

int32_t deskbot_icu_locale_known(const char *locale) {
    if (!locale || !*locale) return 0;
    UErrorCode status = U_ZERO_ERROR;
    UResourceBundle *bundle = ures_open(NULL, locale, &status);
    int known = U_SUCCESS(status) && status != U_USING_DEFAULT_WARNING;
    if (bundle) ures_close(bundle);
    return known ? 1 : 0;
}

// MARK: - Dates

/// Days since 1970-01-01 of a civil (proleptic Gregorian) date (Howard Hinnant's algorithm).
static int64_t days_from_civil(int64_t y, int64_t m, int64_t d) {
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

int32_t deskbot_icu_format_date(const char *locale, const char *skeleton, int32_t year, int32_t month, int32_t day,
                                int32_t hour, int32_t minute, char *out, int32_t cap) {
    if (!skeleton || !*skeleton || month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 23 ||
        minute < 0 || minute > 59)
        return DESKBOT_ICU_FORMAT_FAILED;
    format_entry scratch;
    format_entry *e = acquire(KIND_DATE, locale, skeleton, &scratch);
    if (!e) return DESKBOT_ICU_FORMAT_FAILED;
    UDate when = ((double)days_from_civil(year, month, day) * 86400.0 + hour * 3600.0 + minute * 60.0) * 1000.0;
    UChar text[WORK];
    UErrorCode status = U_ZERO_ERROR;
    int32_t n = udat_format((const UDateFormat *)e->handle, when, text, WORK, NULL, &status);
    release(e, KIND_DATE, &scratch);
    return to_utf8(text, n, status, out, cap);
}

int32_t deskbot_icu_date_pattern(const char *locale, const char *skeleton, char *out, int32_t cap) {
    if (!skeleton || !*skeleton) return DESKBOT_ICU_FORMAT_FAILED;
    format_entry scratch;
    format_entry *e = acquire(KIND_DATE, locale, skeleton, &scratch);
    if (!e) return DESKBOT_ICU_FORMAT_FAILED;
    UChar text[WORK];
    UErrorCode status = U_ZERO_ERROR;
    int32_t n = udat_toPattern((const UDateFormat *)e->handle, 0, text, WORK, &status);
    release(e, KIND_DATE, &scratch);
    return to_utf8(text, n, status, out, cap);
}

int32_t deskbot_icu_weekday_name(const char *locale, int32_t weekday, int32_t standalone, char *out, int32_t cap) {
    if (weekday < 1 || weekday > 7) return DESKBOT_ICU_FORMAT_FAILED;
    // The symbols of any date formatter of the locale; "EEEE" is the one the weekday needs anyway.
    format_entry scratch;
    format_entry *e = acquire(KIND_DATE, locale, "EEEE", &scratch);
    if (!e) return DESKBOT_ICU_FORMAT_FAILED;
    UChar text[WORK];
    UErrorCode status = U_ZERO_ERROR;
    int32_t n = udat_getSymbols((const UDateFormat *)e->handle, standalone ? UDAT_STANDALONE_WEEKDAYS : UDAT_WEEKDAYS,
                                weekday, text, WORK, &status);
    release(e, KIND_DATE, &scratch);
    return to_utf8(text, n, status, out, cap);
}
