#include "cicu.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <stdlib.h>
#include <unicode/ubrk.h>
#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/uscript.h>
#include <unicode/ustring.h>
#include <unicode/utrans.h>

// MARK: - Folding

static uint16_t fold_unit(uint16_t c, int *drop) {
    *drop = 0;
    // Digits: Arabic-Indic, Extended Arabic-Indic (Persian/Urdu), Devanagari.
    if (c >= 0x0660 && c <= 0x0669) return (uint16_t)('0' + (c - 0x0660));
    if (c >= 0x06F0 && c <= 0x06F9) return (uint16_t)('0' + (c - 0x06F0));
    if (c >= 0x0966 && c <= 0x096F) return (uint16_t)('0' + (c - 0x0966));
    switch (c) {
    // Arabic harakat, Quranic marks, superscript alef, tatweel.
    case 0x0640: case 0x0670: *drop = 1; return 0;
    // Zero-width and directional marks, BOM, soft hyphen.
    case 0x200B: case 0x200C: case 0x200D: case 0x200E: case 0x200F:
    case 0x2060: case 0xFEFF: case 0x00AD: case 0x061C: *drop = 1; return 0;
    // Devanagari nukta; chandrabindu → anusvara.
    case 0x093C: *drop = 1; return 0;
    case 0x0901: return 0x0902;
    // Yeh variants: Arabic yeh, alef maksura, Farsi yeh, Urdu yeh barree, yeh with hamza.
    case 0x0649: case 0x06CC: case 0x06D2: case 0x06D3: case 0x0626: case 0x06D0: return 0x064A;
    // Kaf variants.
    case 0x0643: return 0x06A9;
    // Heh variants: heh goal, heh doachashmee, teh marbuta, teh marbuta goal, heh with yeh.
    case 0x06C1: case 0x06BE: case 0x0629: case 0x06C3: case 0x06C0: case 0x06C2: case 0x06D5: return 0x0647;
    // Alef variants.
    case 0x0623: case 0x0625: case 0x0622: case 0x0671: case 0x0672: case 0x0673: return 0x0627;
    // Waw with hamza.
    case 0x0624: return 0x0648;
    // Noon ghunna → noon.
    case 0x06BA: return 0x0646;
    // Typographic apostrophes → ASCII (handled by the caller).
    case 0x2019: case 0x2018: case 0x02BC: case 0x0060: case 0x00B4: return 0x0027;
    default: break;
    }
    // Arabic harakat and Quranic annotation signs.
    if ((c >= 0x064B && c <= 0x065F) || (c >= 0x06D6 && c <= 0x06ED) || (c >= 0x0610 && c <= 0x061A)) {
        *drop = 1; return 0;
    }
    // Combining marks on Latin, Greek and Cyrillic letters (after decomposition): accents, cedilla, …
    if (c >= 0x0300 && c <= 0x036F) { *drop = 1; return 0; }
    return c;
}

static int is_letter_unit(uint16_t c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x00C0;
}

/// Elision (l'eau, d'eau, qu'il) splits the word; a word-internal apostrophe (don't) just disappears.
static int apostrophe_splits(const uint16_t *dst, int32_t out) {
    int single = out >= 1 && is_letter_unit(dst[out - 1]) && (out == 1 || !is_letter_unit(dst[out - 2]));
    int qu = out >= 2 && dst[out - 2] == 'q' && dst[out - 1] == 'u' && (out == 2 || !is_letter_unit(dst[out - 3]));
    return single || qu;
}

int32_t deskbot_icu_casefold(const uint16_t *src, int32_t len, uint16_t *dst, int32_t cap) {
    UErrorCode status = U_ZERO_ERROR;
    const UNormalizer2 *nfkc_cf = unorm2_getNFKCCasefoldInstance(&status);
    if (U_FAILURE(status)) return -1;
    int32_t n = unorm2_normalize(nfkc_cf, (const UChar *)src, len, (UChar *)dst, cap, &status);
    if (status == U_BUFFER_OVERFLOW_ERROR) return -2;
    if (U_FAILURE(status)) return -1;
    return n;
}

static int32_t fold_ascii(const uint16_t *src, int32_t len, uint16_t *dst, int32_t cap) {
    // ASCII needs no normalization: NFKC case folding is lower-casing here, and there are no marks to strip.
    int32_t out = 0;
    for (int32_t i = 0; i < len; i++) {
        uint16_t c = src[i];
        if (c >= 'A' && c <= 'Z') c = (uint16_t)(c + 32);
        if (c == '`') c = 0x27;
        if (c == 0x27) {
            if (apostrophe_splits(dst, out)) { if (out >= cap) return -2; dst[out++] = ' '; }
            continue;
        }
        if (out >= cap) return -2;
        dst[out++] = c;
    }
    return out;
}

int32_t deskbot_icu_fold(const uint16_t *src, int32_t len, uint16_t *dst, int32_t cap) {
    int ascii = 1;
    for (int32_t i = 0; i < len; i++) if (src[i] >= 0x80) { ascii = 0; break; }
    if (ascii) return fold_ascii(src, len, dst, cap);
    UErrorCode status = U_ZERO_ERROR;
    const UNormalizer2 *nfkc_cf = unorm2_getNFKCCasefoldInstance(&status);
    const UNormalizer2 *nfd = unorm2_getNFDInstance(&status);
    if (U_FAILURE(status)) return -1;
    UChar stackbuf[1024];
    UChar *tmp = stackbuf;
    int32_t tmpcap = 1024;
    if (len * 3 + 16 > tmpcap) {
        tmpcap = len * 3 + 16;
        tmp = (UChar *)malloc(sizeof(UChar) * (size_t)tmpcap);
        if (!tmp) return -1;
    }
    int32_t n = unorm2_normalize(nfkc_cf, (const UChar *)src, len, tmp, tmpcap, &status);
    if (U_FAILURE(status)) { if (tmp != stackbuf) free(tmp); return status == U_BUFFER_OVERFLOW_ERROR ? -2 : -1; }
    // Decompose so accents become separate combining marks (é → e + ◌́), then fold unit by unit.
    int32_t m = unorm2_normalize(nfd, tmp, n, (UChar *)dst, cap, &status);
    if (tmp != stackbuf) free(tmp);
    if (status == U_BUFFER_OVERFLOW_ERROR) return -2;
    if (U_FAILURE(status)) return -1;
    int32_t out = 0;
    for (int32_t i = 0; i < m; i++) {
        int drop = 0;
        uint16_t c = fold_unit(dst[i], &drop);
        if (drop) continue;
        if (c == 0x0027) {
            if (apostrophe_splits(dst, out)) dst[out++] = ' ';
            continue;
        }
        dst[out++] = c;
    }
    return out;
}

// MARK: - Word breaking

static pthread_key_t brk_key;
static pthread_once_t brk_once = PTHREAD_ONCE_INIT;

static void brk_free(void *p) { if (p) ubrk_close((UBreakIterator *)p); }
static void brk_make_key(void) { pthread_key_create(&brk_key, brk_free); }

static UBreakIterator *thread_word_breaker(void) {
    pthread_once(&brk_once, brk_make_key);
    UBreakIterator *bi = (UBreakIterator *)pthread_getspecific(brk_key);
    if (!bi) {
        UErrorCode status = U_ZERO_ERROR;
        bi = ubrk_open(UBRK_WORD, "", NULL, 0, &status);
        if (U_FAILURE(status)) return NULL;
        pthread_setspecific(brk_key, bi);
    }
    return bi;
}

int32_t deskbot_icu_words(const uint16_t *src, int32_t len, int32_t *starts, int32_t *ends, int32_t cap) {
    UBreakIterator *bi = thread_word_breaker();
    if (!bi) return -1;
    UErrorCode status = U_ZERO_ERROR;
    ubrk_setText(bi, (const UChar *)src, len, &status);
    if (U_FAILURE(status)) return -1;
    int32_t count = 0;
    int32_t start = ubrk_first(bi);
    for (int32_t end = ubrk_next(bi); end != UBRK_DONE && count < cap; start = end, end = ubrk_next(bi)) {
        int32_t rule = ubrk_getRuleStatus(bi);
        if (rule >= UBRK_WORD_NONE && rule < UBRK_WORD_NONE_LIMIT) continue;
        starts[count] = start;
        ends[count] = end;
        count++;
    }
    return count;
}

// MARK: - Transforms
//
// A registry of compiled rule sets, shared by everyone who compiles the same rule text (a cache keyed by the rules)
// and reference-counted: `transform_open` takes a reference, `transform_close` gives it back. A rule set nobody
// holds stays compiled for a while (the `MAX_IDLE` most recently used), so a reload or a validation pass that
// compiles the same rules again finds them; past that it is freed with all its clones.
//
// ICU transliterators must not be shared between threads, so each rule set keeps a pool of clones: `apply` takes
// an idle clone (or makes one), uses it outside the lock and puts it back. There are never more clones than calls
// that ran at once, and they are freed with the rule set.
//
// A handle is `generation * DESKBOT_ICU_MAX_TRANSFORMS + slot`, so a stale handle (its slot freed and reused) is
// refused rather than applying someone else's rules.

#define MAX_IDLE 8

typedef struct {
    UTransliterator *proto; // NULL: the slot is free
    UChar *rules;
    int32_t len;
    uint32_t hash;
    int32_t refs;           // references held by callers; 0: idle (cached)
    int32_t generation;
    uint64_t last_used;
    UTransliterator **clones; // idle clones
    int32_t clone_count, clone_cap;
} transform_slot;

static transform_slot slots[DESKBOT_ICU_MAX_TRANSFORMS];
static int32_t generations_used = 0;
static uint64_t transform_clock = 0;
static pthread_mutex_t transform_lock = PTHREAD_MUTEX_INITIALIZER;

static uint32_t rules_hash(const uint16_t *rules, int32_t len) {
    uint32_t h = 2166136261u;
    for (int32_t i = 0; i < len; i++) { h ^= rules[i]; h *= 16777619u; }
    return h;
}

static int32_t handle_of(int32_t slot) { return slots[slot].generation * DESKBOT_ICU_MAX_TRANSFORMS + slot; }

/// The slot a handle names, or -1 if it names no live rule set. Call with the lock held.
static int32_t slot_of(int32_t handle) {
    if (handle < 0) return -1;
    int32_t slot = handle % DESKBOT_ICU_MAX_TRANSFORMS;
    if (!slots[slot].proto || slots[slot].generation != handle / DESKBOT_ICU_MAX_TRANSFORMS) return -1;
    return slot;
}

/// Empties a slot, moving what it owned into `*out` to be freed after the lock is released.
static void slot_detach(int32_t slot, transform_slot *out) {
    *out = slots[slot];
    slots[slot].proto = NULL;
    slots[slot].rules = NULL;
    slots[slot].clones = NULL;
    slots[slot].clone_count = slots[slot].clone_cap = 0;
    slots[slot].refs = 0;
}

static void slot_free(transform_slot *s) {
    if (s->proto) utrans_close(s->proto);
    for (int32_t i = 0; i < s->clone_count; i++) utrans_close(s->clones[i]);
    free(s->clones);
    free(s->rules);
}

/// The least recently used idle slot, or -1. Call with the lock held.
static int32_t oldest_idle(void) {
    int32_t best = -1;
    for (int32_t i = 0; i < DESKBOT_ICU_MAX_TRANSFORMS; i++) {
        if (slots[i].proto && slots[i].refs == 0 && (best < 0 || slots[i].last_used < slots[best].last_used)) best = i;
    }
    return best;
}

/// A live slot holding exactly these rules, or -1. Call with the lock held.
static int32_t find_rules(const uint16_t *rules, int32_t len, uint32_t hash) {
    for (int32_t i = 0; i < DESKBOT_ICU_MAX_TRANSFORMS; i++) {
        transform_slot *s = &slots[i];
        if (s->proto && s->hash == hash && s->len == len && memcmp(s->rules, rules, sizeof(UChar) * (size_t)len) == 0)
            return i;
    }
    return -1;
}

static void set_error(char *error, int32_t error_cap, const char *message) {
    if (error && error_cap > 0) snprintf(error, (size_t)error_cap, "%s", message);
}

int32_t deskbot_icu_transform_open_capped(const uint16_t *rules, int32_t len, int32_t max_in_use, char *error,
                                          int32_t error_cap) {
    if (len < 0 || (len > 0 && !rules)) { set_error(error, error_cap, "no rules"); return DESKBOT_ICU_TRANSFORM_FAILED; }
    if (max_in_use > DESKBOT_ICU_MAX_TRANSFORMS) max_in_use = DESKBOT_ICU_MAX_TRANSFORMS;
    uint32_t hash = rules_hash(rules, len);

    // Already compiled: share it.
    pthread_mutex_lock(&transform_lock);
    int32_t found = find_rules(rules, len, hash);
    if (found >= 0) {
        slots[found].refs++;
        slots[found].last_used = ++transform_clock;
        int32_t handle = handle_of(found);
        pthread_mutex_unlock(&transform_lock);
        return handle;
    }
    pthread_mutex_unlock(&transform_lock);

    // Compile outside the lock (it can take milliseconds).
    UErrorCode status = U_ZERO_ERROR;
    UParseError perr;
    memset(&perr, 0, sizeof perr);
    static const UChar id[] = { 'D', 'e', 's', 'k', 'B', 'o', 't', 0 };
    UTransliterator *t = utrans_openU(id, -1, UTRANS_FORWARD, (const UChar *)rules, len, &perr, &status);
    if (U_FAILURE(status)) {
        // Transliterator rule errors (U_MALFORMED_RULE … U_INVALID_FUNCTION), and what the rule parser reports for
        // a malformed set or pattern.
        int syntax = (status >= U_PARSE_ERROR_START && status <= U_INVALID_FUNCTION &&
                      status != U_INTERNAL_TRANSLITERATOR_ERROR) ||
                     status == U_ILLEGAL_ARGUMENT_ERROR || status == U_PATTERN_SYNTAX_ERROR ||
                     status == U_UNMATCHED_BRACES || status == U_ILLEGAL_PAD_POSITION;
        if (error && error_cap > 0) {
            if (syntax) {
                char ctx[64] = {0};
                u_austrncpy(ctx, perr.preContext, (int32_t)sizeof ctx - 1);
                snprintf(error, (size_t)error_cap, "%s at line %d, offset %d near \"%s\"", u_errorName(status),
                         perr.line, perr.offset, ctx);
            } else {
                snprintf(error, (size_t)error_cap, "ICU could not compile the rules: %s", u_errorName(status));
            }
        }
        if (t) utrans_close(t);
        return syntax ? DESKBOT_ICU_TRANSFORM_SYNTAX : DESKBOT_ICU_TRANSFORM_FAILED;
    }
    UChar *copy = (UChar *)malloc(sizeof(UChar) * (size_t)(len > 0 ? len : 1));
    if (!copy) { utrans_close(t); set_error(error, error_cap, "out of memory"); return DESKBOT_ICU_TRANSFORM_FAILED; }
    if (len > 0) memcpy(copy, rules, sizeof(UChar) * (size_t)len);

    pthread_mutex_lock(&transform_lock);
    // Someone compiled the same rules meanwhile: share theirs.
    found = find_rules(rules, len, hash);
    if (found >= 0) {
        slots[found].refs++;
        slots[found].last_used = ++transform_clock;
        int32_t handle = handle_of(found);
        pthread_mutex_unlock(&transform_lock);
        utrans_close(t);
        free(copy);
        return handle;
    }
    int32_t in_use = 0, free_slot = -1;
    for (int32_t i = 0; i < DESKBOT_ICU_MAX_TRANSFORMS; i++) {
        if (slots[i].proto && slots[i].refs > 0) in_use++;
        else if (!slots[i].proto && free_slot < 0) free_slot = i;
    }
    transform_slot evicted = {0};
    if (in_use < max_in_use && free_slot < 0) {
        free_slot = oldest_idle();
        if (free_slot >= 0) slot_detach(free_slot, &evicted);
    }
    if (in_use >= max_in_use || free_slot < 0) {
        pthread_mutex_unlock(&transform_lock);
        utrans_close(t);
        free(copy);
        if (error && error_cap > 0)
            snprintf(error, (size_t)error_cap,
                     "the transform registry is full: %d rule sets are in use (limit %d); the rules compiled "
                     "but cannot be kept",
                     in_use, max_in_use);
        return DESKBOT_ICU_TRANSFORM_FULL;
    }
    generations_used = generations_used >= INT32_MAX / DESKBOT_ICU_MAX_TRANSFORMS - 1 ? 1 : generations_used + 1;
    transform_slot *s = &slots[free_slot];
    s->proto = t;
    s->rules = copy;
    s->len = len;
    s->hash = hash;
    s->refs = 1;
    s->generation = generations_used;
    s->last_used = ++transform_clock;
    s->clones = NULL;
    s->clone_count = s->clone_cap = 0;
    int32_t handle = handle_of(free_slot);
    pthread_mutex_unlock(&transform_lock);
    slot_free(&evicted);
    return handle;
}

int32_t deskbot_icu_transform_open(const uint16_t *rules, int32_t len, char *error, int32_t error_cap) {
    return deskbot_icu_transform_open_capped(rules, len, DESKBOT_ICU_MAX_TRANSFORMS, error, error_cap);
}

void deskbot_icu_transform_close(int32_t handle) {
    transform_slot evicted = {0};
    pthread_mutex_lock(&transform_lock);
    int32_t slot = slot_of(handle);
    if (slot >= 0 && slots[slot].refs > 0 && --slots[slot].refs == 0) {
        int32_t idle = 0;
        for (int32_t i = 0; i < DESKBOT_ICU_MAX_TRANSFORMS; i++) if (slots[i].proto && slots[i].refs == 0) idle++;
        // Keep the most recently used idle rule sets; free the oldest beyond that.
        if (idle > MAX_IDLE) slot_detach(oldest_idle(), &evicted);
    }
    pthread_mutex_unlock(&transform_lock);
    slot_free(&evicted);
}

int32_t deskbot_icu_transform_apply(int32_t handle, uint16_t *text, int32_t len, int32_t cap) {
    if (!text || len < 0 || cap < len) return -1;
    pthread_mutex_lock(&transform_lock);
    int32_t slot = slot_of(handle);
    if (slot < 0) { pthread_mutex_unlock(&transform_lock); return -1; }
    transform_slot *s = &slots[slot];
    UTransliterator *t = NULL;
    if (s->clone_count > 0) {
        t = s->clones[--s->clone_count];
    } else {
        // Cloned under the lock: the prototype is never used by two threads at once.
        UErrorCode status = U_ZERO_ERROR;
        t = utrans_clone(s->proto, &status);
        if (U_FAILURE(status)) { if (t) utrans_close(t); t = NULL; }
    }
    pthread_mutex_unlock(&transform_lock);
    if (!t) return -1;

    UErrorCode status = U_ZERO_ERROR;
    int32_t textLength = len;
    int32_t limit = len;
    utrans_transUChars(t, (UChar *)text, &textLength, cap, 0, &limit, &status);

    // Give the clone back to its rule set (the caller still holds a reference, so the slot is the same one).
    int keep = 0;
    pthread_mutex_lock(&transform_lock);
    if (slot_of(handle) == slot) {
        if (s->clone_count == s->clone_cap) {
            int32_t ncap = s->clone_cap ? s->clone_cap * 2 : 4;
            UTransliterator **grown = (UTransliterator **)realloc(s->clones, sizeof(UTransliterator *) * (size_t)ncap);
            if (grown) { s->clones = grown; s->clone_cap = ncap; }
        }
        if (s->clone_count < s->clone_cap) { s->clones[s->clone_count++] = t; keep = 1; }
    }
    pthread_mutex_unlock(&transform_lock);
    if (!keep) utrans_close(t);

    if (status == U_BUFFER_OVERFLOW_ERROR) return -2;
    if (U_FAILURE(status)) return -1;
    return textLength;
}

void deskbot_icu_transform_stats(int32_t *in_use, int32_t *idle, int32_t *clones) {
    int32_t u = 0, i = 0, c = 0;
    pthread_mutex_lock(&transform_lock);
    for (int32_t k = 0; k < DESKBOT_ICU_MAX_TRANSFORMS; k++) {
        if (!slots[k].proto) continue;
        if (slots[k].refs > 0) u++; else i++;
        c += slots[k].clone_count;
    }
    pthread_mutex_unlock(&transform_lock);
    if (in_use) *in_use = u;
    if (idle) *idle = i;
    if (clones) *clones = c;
}

// MARK: - Scripts

void deskbot_icu_script_counts(const uint16_t *src, int32_t len, int32_t counts[6]) {
    for (int i = 0; i < 6; i++) counts[i] = 0;
    for (int32_t i = 0; i < len; i++) {
        uint16_t c = src[i];
        if (c < 0x80) {
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) counts[0]++;
            continue;
        }
        if (c >= 0xD800 && c <= 0xDFFF) continue;
        // Devanagari vowel signs and marks are part of words but not "alphabetic" to ICU: count the whole block.
        if (c >= 0x0900 && c <= 0x097F && !(c >= 0x0964 && c <= 0x096F)) { counts[2]++; continue; }
        if (!u_isalpha(c)) continue;
        UErrorCode status = U_ZERO_ERROR;
        UScriptCode script = uscript_getScript(c, &status);
        switch (script) {
        case USCRIPT_LATIN: counts[0]++; break;
        case USCRIPT_ARABIC: counts[1]++; break;
        case USCRIPT_DEVANAGARI: counts[2]++; break;
        default: counts[3]++; break;
        }
        switch (c) {
        case 0x0679: case 0x0688: case 0x0691: case 0x06BA: case 0x06D2: case 0x06C1: case 0x06BE:
        case 0x06C3: case 0x06CC: case 0x06A9: case 0x06AF: case 0x067E: case 0x0686: case 0x0698:
            counts[4]++; break;
        case 0x0629: case 0x0649: case 0x064A: case 0x0643: case 0x0647:
            counts[5]++; break;
        default: break;
        }
    }
}

// MARK: - One-call normalization (UTF-8)

static int32_t utf8_length_of_unit(const uint16_t *s, int32_t i, int32_t n, int32_t *consumed) {
    uint16_t c = s[i];
    *consumed = 1;
    if (c < 0x80) return 1;
    if (c < 0x800) return 2;
    if (c >= 0xD800 && c <= 0xDBFF && i + 1 < n && s[i + 1] >= 0xDC00 && s[i + 1] <= 0xDFFF) { *consumed = 2; return 4; }
    return 3;
}

int32_t deskbot_icu_normalize(const char *in, int32_t len, char *out, int32_t out_cap, int32_t *starts, int32_t *ends,
                              int32_t cap, int32_t *words, int32_t counts[6]) {
    UErrorCode status = U_ZERO_ERROR;
    UChar stack16[512];
    UChar *src = stack16;
    int32_t src_cap = 512;
    int32_t n16 = 0;
    u_strFromUTF8WithSub(src, src_cap, &n16, in, len, 0xFFFD, NULL, &status);
    if (status == U_BUFFER_OVERFLOW_ERROR) {
        status = U_ZERO_ERROR;
        src_cap = n16 + 1;
        src = (UChar *)malloc(sizeof(UChar) * (size_t)src_cap);
        if (!src) return -1;
        u_strFromUTF8WithSub(src, src_cap, &n16, in, len, 0xFFFD, NULL, &status);
    }
    if (U_FAILURE(status)) { if (src != stack16) free(src); return -1; }
    deskbot_icu_script_counts((const uint16_t *)src, n16, counts);

    UChar fold16_stack[1536];
    UChar *fold16 = fold16_stack;
    int32_t fold_cap = 1536;
    if (n16 * 3 + 16 > fold_cap) {
        fold_cap = n16 * 3 + 16;
        fold16 = (UChar *)malloc(sizeof(UChar) * (size_t)fold_cap);
        if (!fold16) { if (src != stack16) free(src); return -1; }
    }
    int32_t m = deskbot_icu_fold((const uint16_t *)src, n16, (uint16_t *)fold16, fold_cap);
    if (src != stack16) free(src);
    if (m < 0) { if (fold16 != fold16_stack) free(fold16); return m; }

    int32_t s16[256], e16[256];
    int32_t wcap = cap < 256 ? cap : 256;
    int32_t nw = deskbot_icu_words((const uint16_t *)fold16, m, s16, e16, wcap);
    if (nw < 0) { if (fold16 != fold16_stack) free(fold16); return -1; }

    // UTF-16 → UTF-8, mapping every word boundary to its byte offset on the way.
    int32_t o = 0, w = 0, ws = 0, we = 0;
    for (int32_t i = 0; i < m;) {
        while (ws < nw && s16[ws] == i) starts[ws++] = o;
        while (we < nw && e16[we] == i) ends[we++] = o;
        int32_t consumed = 1;
        int32_t bytes = utf8_length_of_unit((const uint16_t *)fold16, i, m, &consumed);
        if (o + bytes > out_cap) { if (fold16 != fold16_stack) free(fold16); return -2; }
        uint32_t c = fold16[i];
        if (consumed == 2) c = 0x10000 + ((c - 0xD800) << 10) + (fold16[i + 1] - 0xDC00);
        else if (c >= 0xD800 && c <= 0xDFFF) c = 0xFFFD;
        if (bytes == 1) { out[o++] = (char)c; }
        else if (bytes == 2) { out[o++] = (char)(0xC0 | (c >> 6)); out[o++] = (char)(0x80 | (c & 0x3F)); }
        else if (bytes == 3) { out[o++] = (char)(0xE0 | (c >> 12)); out[o++] = (char)(0x80 | ((c >> 6) & 0x3F)); out[o++] = (char)(0x80 | (c & 0x3F)); }
        else { out[o++] = (char)(0xF0 | (c >> 18)); out[o++] = (char)(0x80 | ((c >> 12) & 0x3F)); out[o++] = (char)(0x80 | ((c >> 6) & 0x3F)); out[o++] = (char)(0x80 | (c & 0x3F)); }
        i += consumed;
    }
    while (ws < nw && s16[ws] == m) starts[ws++] = o;
    while (we < nw && e16[we] == m) ends[we++] = o;
    (void)w;
    if (fold16 != fold16_stack) free(fold16);
    *words = nw;
    return o;
}
