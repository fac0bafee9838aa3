# Table 10: pseudo-label confidence threshold 0.7 (the paper's choice: 0.9).
_base_ = ['../ai4mars_semi.py']
model = dict(pseudo_label_threshold=0.7)
