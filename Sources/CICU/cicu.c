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

#define MAX_TRANSFORMS 256

static UTransliterator *prototypes[MAX_TRANSFORMS];
static int32_t transform_count = 0;
static pthread_mutex_t transform_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_key_t clone_key;
static pthread_once_t clone_once = PTHREAD_ONCE_INIT;

static void clones_free(void *p) {
    UTransliterator **clones = (UTransliterator **)p;
    if (!clones) return;
    for (int i = 0; i < MAX_TRANSFORMS; i++) if (clones[i]) utrans_close(clones[i]);
    free(clones);
}
static void clone_make_key(void) { pthread_key_create(&clone_key, clones_free); }

int32_t deskbot_icu_transform_open(const uint16_t *rules, int32_t len, char *error, int32_t error_cap) {
    UErrorCode status = U_ZERO_ERROR;
    UParseError perr;
    memset(&perr, 0, sizeof perr);
    static const UChar id[] = { 'D', 'e', 's', 'k', 'B', 'o', 't', 0 };
    UTransliterator *t = utrans_openU(id, -1, UTRANS_FORWARD, (const UChar *)rules, len, &perr, &status);
    if (U_FAILURE(status)) {
        if (error && error_cap > 0) {
            char ctx[64] = {0};
            u_austrncpy(ctx, perr.preContext, (int32_t)sizeof ctx - 1);
            snprintf(error, (size_t)error_cap, "%s at line %d, offset %d near \"%s\"", u_errorName(status),
                     perr.line, perr.offset, ctx);
        }
        return -1;
    }
    pthread_mutex_lock(&transform_lock);
    int32_t handle = transform_count < MAX_TRANSFORMS ? transform_count++ : -1;
    if (handle >= 0) prototypes[handle] = t;
    pthread_mutex_unlock(&transform_lock);
    if (handle < 0) {
        utrans_close(t);
        if (error && error_cap > 0) snprintf(error, (size_t)error_cap, "too many transforms");
    }
    return handle;
}

int32_t deskbot_icu_transform_apply(int32_t handle, uint16_t *text, int32_t len, int32_t cap) {
    if (handle < 0 || handle >= MAX_TRANSFORMS) return -1;
    pthread_once(&clone_once, clone_make_key);
    UTransliterator **clones = (UTransliterator **)pthread_getspecific(clone_key);
    if (!clones) {
        clones = (UTransliterator **)calloc(MAX_TRANSFORMS, sizeof(UTransliterator *));
        if (!clones) return -1;
        pthread_setspecific(clone_key, clones);
    }
    // ICU transliterators are not safe to share between threads: each thread uses its own clone.
    if (!clones[handle]) {
        pthread_mutex_lock(&transform_lock);
        UTransliterator *proto = prototypes[handle];
        pthread_mutex_unlock(&transform_lock);
        if (!proto) return -1;
        UErrorCode status = U_ZERO_ERROR;
        clones[handle] = utrans_clone(proto, &status);
        if (U_FAILURE(status)) { clones[handle] = NULL; return -1; }
    }
    UErrorCode status = U_ZERO_ERROR;
    int32_t textLength = len;
    int32_t limit = len;
    utrans_transUChars(clones[handle], (UChar *)text, &textLength, cap, 0, &limit, &status);
    if (status == U_BUFFER_OVERFLOW_ERROR) return -2;
    if (U_FAILURE(status)) return -1;
    return textLength;
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
