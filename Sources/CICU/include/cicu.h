#ifndef DESKBOT_CICU_H
#define DESKBOT_CICU_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Folds UTF-16 text for matching: NFKC case-folding, canonical decomposition, removal of Latin diacritics,
/// Arabic harakat, tatweel, Devanagari nukta and zero-width characters, Arabic/Urdu letter-variant folding and
/// digit folding (Eastern Arabic, Persian/Urdu, Devanagari → ASCII). Writes at most `cap` units to `dst`.
/// Returns the folded length, or a negative value on error (-1: ICU failure, -2: buffer too small).
int32_t deskbot_icu_fold(const uint16_t *src, int32_t len, uint16_t *dst, int32_t cap);

/// NFKC case-folding only (no further folding). Same return convention as `deskbot_icu_fold`.
int32_t deskbot_icu_casefold(const uint16_t *src, int32_t len, uint16_t *dst, int32_t cap);

/// Word segmentation with ICU's word break iterator. Writes the [start, end) UTF-16 offsets of every segment that
/// is a word or a number (punctuation, spaces and emoji are skipped). Returns the number of words, at most `cap`,
/// or -1 on ICU failure.
int32_t deskbot_icu_words(const uint16_t *src, int32_t len, int32_t *starts, int32_t *ends, int32_t cap);

/// The most compiled transform rule sets the shim holds at once (in use or cached).
#define DESKBOT_ICU_MAX_TRANSFORMS 1024

/// `deskbot_icu_transform_open` failed: the rules are not valid ICU transform syntax.
#define DESKBOT_ICU_TRANSFORM_SYNTAX (-1)
/// `deskbot_icu_transform_open` failed: the rules compiled, but the registry already holds the most rule sets in use.
#define DESKBOT_ICU_TRANSFORM_FULL (-2)
/// `deskbot_icu_transform_open` failed for another reason (out of memory, an ICU failure that is not a parse error).
#define DESKBOT_ICU_TRANSFORM_FAILED (-3)

/// Compiles ICU transform rules, or shares the rule set already compiled from exactly the same rule text, and
/// takes a reference to it. Returns a handle >= 0, to be given back with `deskbot_icu_transform_close`, or one of
/// the negative `DESKBOT_ICU_TRANSFORM_*` codes with a message (UTF-8) in `error`. Thread-safe.
int32_t deskbot_icu_transform_open(const uint16_t *rules, int32_t len, char *error, int32_t error_cap);

/// `deskbot_icu_transform_open` refusing to keep a new rule set once `max_in_use` rule sets are in use (at most
/// `DESKBOT_ICU_MAX_TRANSFORMS`): a caller's own bound on memory, and how tests reach the "full" case.
int32_t deskbot_icu_transform_open_capped(const uint16_t *rules, int32_t len, int32_t max_in_use, char *error,
                                          int32_t error_cap);

/// Gives back a reference taken by `deskbot_icu_transform_open`. When none is left, the rule set is kept for a
/// while as a cache (a few of the most recently used), then freed with its per-thread clones. Unknown or already
/// closed handles are ignored. The handle must not be used afterwards. Thread-safe.
void deskbot_icu_transform_close(int32_t handle);

/// Applies the transform with the given handle in place. `len` is the text length, `cap` the buffer capacity.
/// Returns the new length, or a negative value on error (-2: buffer too small, -1: unknown handle or ICU failure).
/// Thread-safe: concurrent calls use separate clones of the compiled rules.
int32_t deskbot_icu_transform_apply(int32_t handle, uint16_t *text, int32_t len, int32_t cap);

/// What the transform registry holds: rule sets with references, rule sets kept only as a cache, and idle clones.
void deskbot_icu_transform_stats(int32_t *in_use, int32_t *idle, int32_t *clones);

/// Counts code points per script class in UTF-16 text: counts[0] Latin letters, [1] Arabic-script letters,
/// [2] Devanagari letters, [3] other letters, [4] Urdu-only letters (ٹ ڈ ڑ ں ے ہ ھ ۃ ی ک گ پ چ ژ),
/// [5] Arabic-only letters (ة ى ي ك ه).
void deskbot_icu_script_counts(const uint16_t *src, int32_t len, int32_t counts[6]);

/// The whole normalization of one message in a single call, UTF-8 in and out: script counts of the input
/// (as `deskbot_icu_script_counts`), folding (as `deskbot_icu_fold`) into `out` as UTF-8, and the word
/// boundaries (as `deskbot_icu_words`) as UTF-8 byte offsets into `out`. Returns the folded UTF-8 length, or a
/// negative value on error (-2: a buffer is too small); `*words` receives the number of words (at most `cap`).
int32_t deskbot_icu_normalize(const char *in, int32_t len, char *out, int32_t out_cap, int32_t *starts, int32_t *ends,
                              int32_t cap, int32_t *words, int32_t counts[6]);

// MARK: - Locale formatting (numbers, money, dates, weekday names)
//
// Every function takes an ICU locale id (UTF-8, e.g. "es", "en_PK", "ar@numbers=latn") and writes UTF-8 text to
// `out` (at most `cap` bytes, NUL-terminated when there is room). Each returns the text's length in bytes, or one of
// the negative `DESKBOT_ICU_FORMAT_*` codes. Formatters are opened once per (locale, kind, skeleton or currency),
// cached, and used under a per-formatter lock, so every function is thread-safe. Dates and times are formatted in
// UTC, so the output does not depend on the machine's time zone.

/// A formatting call failed inside ICU (an unknown currency code, a skeleton ICU refuses, out of memory).
#define DESKBOT_ICU_FORMAT_FAILED (-1)
/// The output buffer is too small for the formatted text.
#define DESKBOT_ICU_FORMAT_SMALL (-2)
/// The most formatters the shim caches at once; past this, a formatter is opened and closed per call.
#define DESKBOT_ICU_MAX_FORMATTERS 256

/// An amount of money in the locale's currency style, e.g. 5, "USD" → "$5.00" (en), "5,00 US$" (es).
/// `currency` is an ISO 4217 code (3 ASCII letters).
int32_t deskbot_icu_format_money(const char *locale, double amount, const char *currency, char *out, int32_t cap);

/// A decimal number in the locale's digits and separators, e.g. 1234.5 → "1,234.5" (en), "١٬٢٣٤٫٥" (ar).
int32_t deskbot_icu_format_number(const char *locale, double value, char *out, int32_t cap);

/// A date and time from a skeleton (e.g. "MMMMd", "jmm"): ICU's best pattern for the skeleton in that locale,
/// applied to the given civil date and time (UTC). `month` is 1–12.
int32_t deskbot_icu_format_date(const char *locale, const char *skeleton, int32_t year, int32_t month, int32_t day,
                                int32_t hour, int32_t minute, char *out, int32_t cap);

/// The pattern ICU picks for a skeleton in a locale (e.g. "MMMMd" → "d 'de' MMMM" in es). Same return convention.
int32_t deskbot_icu_date_pattern(const char *locale, const char *skeleton, char *out, int32_t cap);

/// A weekday's wide name: `weekday` 1 = Sunday … 7 = Saturday; `standalone` non-zero for the stand-alone form
/// (as in a list or a heading) instead of the form used inside a date.
int32_t deskbot_icu_weekday_name(const char *locale, int32_t weekday, int32_t standalone, char *out, int32_t cap);

/// Whether ICU knows `currency` (ISO 4217) as a currency in use at some time: 1 yes, 0 no.
int32_t deskbot_icu_currency_known(const char *currency);

/// Whether ICU has its own data for the locale (not only the root fallback): 1 yes, 0 no.
int32_t deskbot_icu_locale_known(const char *locale);

/// How many formatters the shim holds now (for tests and diagnostics).
int32_t deskbot_icu_formatters_cached(void);

/// Closes every cached formatter (waiting for calls in progress). Later calls open them again.
void deskbot_icu_formatters_close_all(void);

#ifdef __cplusplus
}
#endif

#endif
