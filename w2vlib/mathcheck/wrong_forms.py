"""The catalogue's wrong variants written as math, and the ones that exist only in code.

``WRONG_FORMS[(result, mistake_id)]`` is the LaTeX of that mistake for a result of
``MATH_RESULTS``; ``check_math`` diagnoses it as that mistake (a tested property). A mistake of
the shared catalogue that has no formula, or that cannot be told apart in this one part of the
code result, is listed in ``CODE_ONLY`` with the reason. To add a catalogue entry's formula,
add one line to ``WRONG_FORMS``.
"""

from __future__ import annotations

_NS_CENTER = r"(\sigma(u_o^\top v_c) - 1) u_o - \sum_{s=1}^{K} "
_ROWS = "outside_vectors read as U: a slip of the code's row layout, which the math's U does not have"

WRONG_FORMS: dict[tuple[str, str], str] = {
    # (a)
    ("naive_softmax_loss", "sign_flipped"): r"\log \hat{y}_o",
    ("naive_softmax_loss", "normaliser_forgotten"): r"-u_o^\top v_c",
    ("naive_softmax_loss", "log_of_sum_forgotten"): r"-u_o^\top v_c + \sum_{w \in V} \exp(u_w^\top v_c)",
    ("naive_softmax_loss", "probability_not_log"): r"\hat{y}_o",
    ("naive_softmax_loss", "all_words"): r"-\sum_{w \in V} \log \hat{y}_w",
    ("naive_softmax_loss", "whole_vector"): r"-\log \hat{\mathbf{y}}",
    # (b)(i)
    ("grad_center", "sign_flipped"): r"U(y - \hat{y})",
    ("grad_center", "one_hot_forgotten"): r"U \hat{y}",
    ("grad_center", "only_true_word"): r"-u_o",
    ("grad_center", "scores_not_probabilities"): r"U(U^\top v_c - y)",
    # (b)(ii)
    ("expected_outside_vector", "uniform_mean"): r"\frac{1}{|V|} \sum_{k \in V} u_k",
    ("expected_outside_vector", "unnormalised"): r"\sum_{k \in V} \exp(u_k^\top v_c) u_k",
    ("expected_outside_vector", "scores_as_weights"): r"\sum_{k \in V} (u_k^\top v_c) u_k",
    # (b)(iii)
    ("sgd_step", "ascent"): r"v_c + \eta U(\hat{y} - y)",
    ("sgd_step", "lr_forgotten"): r"v_c - U(\hat{y} - y)",
    ("sgd_step", "only_the_step"): r"-\eta U(\hat{y} - y)",
    ("sgd_step", "one_hot_forgotten"): r"v_c - \eta U \hat{y}",
    ("sgd_step", "toward_true_word_only"): r"v_c + \eta u_o",
    # (c)
    ("grad_outside_vector", "one_hot_forgotten"): r"\hat{y}_w v_c",
    ("grad_outside_vector", "minus_one_for_every_word"): r"(\hat{y}_w - 1) v_c",
    ("grad_outside_vector", "sign_flipped"): r"(y_w - \hat{y}_w) v_c",
    ("grad_outside_vector", "outside_vector_not_center"): r"(\hat{y}_w - y_w) u_w",
    ("grad_outside_vector", "true_word_probability"): r"(\hat{y}_o - y_w) v_c",
    # (d)
    ("grad_U", "row_layout"): r"(\hat{y} - y) v_c^\top",
    ("grad_U", "one_hot_forgotten"): r"v_c \hat{y}^\top",
    ("grad_U", "sign_flipped"): r"v_c (y - \hat{y})^\top",
    ("grad_U", "only_true_column"): r"(\hat{y}_o - 1) v_c y^\top",
    # (e)
    ("leaky_relu_grad", "nan_at_zero"): r"\begin{cases} \alpha & x < 0 \\ 1 & x > 0 \end{cases}",
    ("leaky_relu_grad", "zero_at_zero"):
        r"\begin{cases} \alpha & x < 0 \\ 0 & x = 0 \\ 1 & x > 0 \end{cases}",
    ("leaky_relu_grad", "slopes_swapped"): r"\begin{cases} 1 & x \le 0 \\ \alpha & x > 0 \end{cases}",
    ("leaky_relu_grad", "relu_derivative"): r"\begin{cases} 0 & x \le 0 \\ 1 & x > 0 \end{cases}",
    ("leaky_relu_grad", "function_not_derivative"): r"\max(\alpha x, x)",
    # (f)
    ("sigmoid_grad", "one_plus"): r"\sigma(x)(1 + \sigma(x))",
    ("sigmoid_grad", "sign_flipped"): r"\sigma(x)(\sigma(x) - 1)",
    ("sigmoid_grad", "one_minus_sigma"): r"1 - \sigma(x)",
    ("sigmoid_grad", "sigma_itself"): r"\sigma(x)",
    ("sigmoid_grad", "x_for_sigma"): r"\sigma(x)(1 - x)",
    # (g)
    ("neg_grad_center", "sigma_of_plus_x"): _NS_CENTER + r"(\sigma(u_{w_s}^\top v_c) - 1) u_{w_s}",
    ("neg_grad_center", "negative_sign_dropped"): r"(\sigma(u_o^\top v_c) - 1) u_o + \sum_{s=1}^{K} "
                                                  r"(\sigma(-u_{w_s}^\top v_c) - 1) u_{w_s}",
    ("neg_grad_center", "sign_flipped"): r"-(\sigma(u_o^\top v_c) - 1) u_o + \sum_{s=1}^{K} "
                                         r"(\sigma(-u_{w_s}^\top v_c) - 1) u_{w_s}",
    ("neg_grad_center", "minus_one_forgotten"): r"\sigma(u_o^\top v_c) u_o - \sum_{s=1}^{K} "
                                                r"\sigma(-u_{w_s}^\top v_c) u_{w_s}",
    ("neg_grad_center", "center_ignores_negatives"): r"(\sigma(u_o^\top v_c) - 1) u_o",
    ("neg_grad_outside", "sign_flipped"): r"-(\sigma(u_o^\top v_c) - 1) v_c",
    ("neg_grad_outside", "minus_one_forgotten"): r"\sigma(u_o^\top v_c) v_c",
    ("neg_grad_negative", "sigma_of_plus_x"): r"-(\sigma(u_{w_s}^\top v_c) - 1) v_c",
    ("neg_grad_negative", "negative_sign_dropped"): r"(\sigma(-u_{w_s}^\top v_c) - 1) v_c",
    ("neg_grad_negative", "minus_one_forgotten"): r"-\sigma(-u_{w_s}^\top v_c) v_c",
    ("neg_grad_negative", "negative_rows_missing"): r"0",
    # (h)
    ("repeated_negatives_grad", "counted_once"): r"-(\sigma(-u_{w_s}^\top v_c) - 1) v_c",
    ("repeated_negatives_grad", "multiplicity_twice"):
        r"-\sum_{k=1}^{K} \sum_{j=1}^{K} \mathbb{1}\{w_j = w_s\} \mathbb{1}\{w_k = w_s\} "
        r"(\sigma(-u_{w_k}^\top v_c) - 1) v_c",
    ("repeated_negatives_grad", "sigma_of_plus_x"):
        r"-\sum_{k=1,\, w_k = w_s}^{K} (\sigma(u_{w_k}^\top v_c) - 1) v_c",
    ("repeated_negatives_grad", "sign_flipped"):
        r"\sum_{k=1,\, w_k = w_s}^{K} (\sigma(-u_{w_k}^\top v_c) - 1) v_c",
    # (i)
    ("skipgram_loss", "last_offset_missing"): r"\sum_{-m \le j < m,\, j \ne 0} J(v_c, w_{t+j}, U)",
    ("skipgram_loss", "center_included"): r"\sum_{-m \le j \le m} J(v_c, w_{t+j}, U)",
    ("skipgram_grad_center", "last_offset_missing"):
        r"\sum_{-m \le j < m,\, j \ne 0} \frac{\partial J(v_c, w_{t+j}, U)}{\partial v_c}",
    ("skipgram_grad_center", "center_included"):
        r"\sum_{-m \le j \le m} \frac{\partial J(v_c, w_{t+j}, U)}{\partial v_c}",
    ("skipgram_grad_U", "last_offset_missing"):
        r"\sum_{-m \le j < m,\, j \ne 0} \frac{\partial J(v_c, w_{t+j}, U)}{\partial U}",
    ("skipgram_grad_U", "center_included"):
        r"\sum_{-m \le j \le m} \frac{\partial J(v_c, w_{t+j}, U)}{\partial U}",
}

_SAME_PART = "this part of the output is right in this variant; the slip shows in another part"
_WINDOW_CODE = {
    "wraps_around": "Python's negative indexing wraps around the sentence; w_{t+j} with t + j < 0 does "
                    "not exist "
                    "in the math",
    "averaged": "divides by the number of in-sentence positions, which has no symbol in the question",
    "overwrites": "= instead of += in a loop: an order of assignments, not a formula",
}

#: (result, mistake id) -> why the mistake has no formula for this result.
CODE_ONLY: dict[tuple[str, str], str] = {
    ("naive_softmax_loss", "rows_read_as_columns"): _ROWS,
    ("grad_center", "rows_read_as_columns"): _ROWS,
    ("grad_center", "row_vector"): "a 2-D array of shape (1, d) is a code layout; in math the row form "
                                   "of the "
                                   "gradient is accepted with a note",
    ("expected_outside_vector", "most_likely_word"): "an argmax over the vocabulary, which the grammar "
                                                     "does not read",
    ("expected_outside_vector", "rows_read_as_columns"): _ROWS,
    ("grad_U", "reshaped"): "reshape reorders the entries in memory; there is no such operation in the math",
    ("grad_U", "rows_read_as_columns"): _ROWS,
    ("neg_grad_center", "negative_rows_missing"): _SAME_PART,
    ("neg_grad_center", "counted_once"): _SAME_PART,
    ("neg_grad_center", "column_layout"): _SAME_PART,
    ("neg_grad_outside", "sigma_of_plus_x"): _SAME_PART,
    ("neg_grad_outside", "negative_sign_dropped"): _SAME_PART,
    ("neg_grad_outside", "negative_rows_missing"): _SAME_PART,
    ("neg_grad_outside", "center_ignores_negatives"): _SAME_PART,
    ("neg_grad_outside", "counted_once"): _SAME_PART,
    ("neg_grad_outside", "column_layout"): "the whole matrix in U's layout: a layout of the code's array",
    ("neg_grad_negative", "sign_flipped"): "on ∂J/∂u_{w_s} alone it equals negative_sign_dropped; the two "
                                           "differ "
                                           "only in ∂J/∂u_o",
    ("neg_grad_negative", "center_ignores_negatives"): _SAME_PART,
    ("neg_grad_negative", "counted_once"): "∂J/∂u_{w_s} is checked with distinct negatives, where one term "
                                           "per "
                                           "draw is right; (h) checks repeats",
    ("neg_grad_negative", "column_layout"): "the whole matrix in U's layout: a layout of the code's array",
    ("repeated_negatives_grad", "true_word_row_missing"): "the row of the true word o is not a ∂J/∂u_{w_s} "
                                                          "(no negative equals o)",
    **{(r, m): why for r in ("skipgram_loss", "skipgram_grad_center", "skipgram_grad_U")
       for m, why in _WINDOW_CODE.items()},
    **{("skipgram_grad_other_center", m): "every variant leaves the other center vectors at 0"
       for m in ("last_offset_missing", "center_included", "wraps_around", "averaged", "overwrites")},
}
