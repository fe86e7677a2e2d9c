/* The rating loop of perfcontract.engine.rate_measures, compiled.
 *
 * One measure's float64 readings are rated against its scalar bounds into
 * int8 status codes, by the rule the numpy path and SPEC section 4.1 use:
 *
 *     status = [within_low <= x <= within_high] + [on_low <= x <= on_high]
 *
 * which is 2 on or better than target, 1 inside tolerance and 0 outside,
 * because the target's interval lies inside the tolerance's; a missing
 * reading (NaN) is 4, NO_DATA. A one-sided measure has infinite bounds on
 * its open side, so it needs only two of the four comparisons.
 *
 * The library has no Python or numpy headers: the engine loads it with
 * ctypes and passes raw pointers and strides, and rates with numpy when it
 * is absent. Each reading is read once and each status written once, so a
 * rating costs little more than reading the readings from memory.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

enum kind { HIGHER = 0, LOWER = 1, BAND = 2 };
enum { NO_DATA = 4 };

static int8_t rate_one(double x, double within_low, double on_low, double on_high,
                       double within_high)
{
    if (x != x)
        return NO_DATA;
    return (int8_t)((x >= within_low && x <= within_high) + (x >= on_low && x <= on_high));
}

/* Any layout: readings `step` bytes apart, statuses `out_step` bytes apart. */
static void rate_strided(const char *x, ptrdiff_t step, char *out, ptrdiff_t out_step,
                         ptrdiff_t n, double within_low, double on_low, double on_high,
                         double within_high)
{
    for (ptrdiff_t i = 0; i < n; i++) {
        double value;
        memcpy(&value, x + i * step, sizeof value);
        out[i * out_step] = (char)rate_one(value, within_low, on_low, on_high, within_high);
    }
}

#if (defined(__GNUC__) || defined(__clang__)) && defined(__x86_64__)
#include <immintrin.h>
#define HAVE_AVX2 1

/* The status of a reading from two comparisons that are both false only for
 * NaN: `within` (inside the tolerance's interval) and `short_of` (not on
 * target, yet not NaN). (within, short_of) is (0, 1) outside tolerance,
 * (1, 1) inside it, (1, 0) on target and (0, 0) missing. */
static const int8_t STATUS_OF[2][2] = {{NO_DATA, 0}, {2, 1}};

/* For four readings at once: the 4-bit masks of `within` and `short_of`
 * (bit j for reading j), as an 8-bit index, give four status bytes. */
static uint32_t statuses[256];

__attribute__((constructor)) static void fill_statuses(void)
{
    for (int index = 0; index < 256; index++) {
        uint32_t bytes = 0;
        for (int j = 0; j < 4; j++) {
            const int within = (index >> j) & 1, short_of = (index >> (4 + j)) & 1;
            bytes |= (uint32_t)(uint8_t)STATUS_OF[within][short_of] << (8 * j);
        }
        statuses[index] = bytes;
    }
}

/* Four readings at a time: two (one-sided) or five (band) comparisons give
 * the masks, one table look-up the four statuses. `kind` is a constant in
 * each caller, so each kind compiles to its own loop. */
__attribute__((target("avx2"), always_inline)) static inline void
rate_avx2_kind(const double *x, int8_t *out, ptrdiff_t n, enum kind kind, double within_low,
               double on_low, double on_high, double within_high)
{
    const __m256d wl = _mm256_set1_pd(within_low), ol = _mm256_set1_pd(on_low);
    const __m256d oh = _mm256_set1_pd(on_high), wh = _mm256_set1_pd(within_high);
    ptrdiff_t i = 0;
    for (; i + 4 <= n; i += 4) {
        const __m256d v = _mm256_loadu_pd(x + i);
        int within, short_of;
        if (kind == HIGHER) {
            within = _mm256_movemask_pd(_mm256_cmp_pd(v, wl, _CMP_GE_OQ));
            short_of = _mm256_movemask_pd(_mm256_cmp_pd(v, ol, _CMP_LT_OQ));
        } else if (kind == LOWER) {
            within = _mm256_movemask_pd(_mm256_cmp_pd(v, wh, _CMP_LE_OQ));
            short_of = _mm256_movemask_pd(_mm256_cmp_pd(v, oh, _CMP_GT_OQ));
        } else {
            /* Above tolerance's low end, below its high end: both only
             * inside it, one outside it, neither for NaN. */
            const int above = _mm256_movemask_pd(_mm256_cmp_pd(v, wl, _CMP_GE_OQ));
            const int below = _mm256_movemask_pd(_mm256_cmp_pd(v, wh, _CMP_LE_OQ));
            const int on = _mm256_movemask_pd(_mm256_cmp_pd(v, ol, _CMP_GE_OQ))
                           & _mm256_movemask_pd(_mm256_cmp_pd(v, oh, _CMP_LE_OQ));
            within = above & below;
            short_of = (above | below) & ~on;
        }
        const uint32_t codes = statuses[within | short_of << 4];
        memcpy(out + i, &codes, sizeof codes); /* x86 is little-endian: byte j, reading j */
    }
    for (; i < n; i++)
        out[i] = rate_one(x[i], within_low, on_low, on_high, within_high);
}

__attribute__((target("avx2"))) static void
rate_avx2(const double *x, int8_t *out, ptrdiff_t n, enum kind kind, double within_low,
          double on_low, double on_high, double within_high)
{
    switch (kind) {
    case HIGHER:
        rate_avx2_kind(x, out, n, HIGHER, within_low, on_low, on_high, within_high);
        break;
    case LOWER:
        rate_avx2_kind(x, out, n, LOWER, within_low, on_low, on_high, within_high);
        break;
    default:
        rate_avx2_kind(x, out, n, BAND, within_low, on_low, on_high, within_high);
        break;
    }
}
#endif

/* Bumped whenever perfcontract_rate's arguments or results change, so that
 * the engine never calls a library built from another version of this file. */
int perfcontract_kernel_version(void)
{
    return 1;
}

/* Rate `rows` x `cols` readings: row r starts `row_step` bytes after row
 * r - 1 (in `x`) and `out_row_step` bytes after it (in `out`); within a row
 * the readings are `step` bytes apart and the statuses `out_step` bytes.
 * `kind` says which bounds are finite (0 higher is better: within_low and
 * on_low; 1 lower is better: on_high and within_high; 2 all four); the
 * others must be infinite. Returns 1 if it used the vector loop. */
int perfcontract_rate(const char *x, ptrdiff_t row_step, ptrdiff_t step, char *out,
                      ptrdiff_t out_row_step, ptrdiff_t out_step, ptrdiff_t rows, ptrdiff_t cols,
                      int kind, double within_low, double on_low, double on_high,
                      double within_high)
{
#ifdef HAVE_AVX2
    const int vector = step == (ptrdiff_t)sizeof(double) && out_step == 1
                       && ((uintptr_t)x % sizeof(double)) == 0 && (row_step % 8) == 0
                       && __builtin_cpu_supports("avx2");
#else
    const int vector = 0;
#endif
    for (ptrdiff_t r = 0; r < rows; r++) {
        const char *row = x + r * row_step;
        char *out_row = out + r * out_row_step;
#ifdef HAVE_AVX2
        if (vector) {
            rate_avx2((const double *)row, (int8_t *)out_row, cols, (enum kind)kind, within_low,
                      on_low, on_high, within_high);
            continue;
        }
#endif
        rate_strided(row, step, out_row, out_step, cols, within_low, on_low, on_high,
                     within_high);
    }
    return vector;
}
