# %% [markdown]
# # Khiên trong Python — sổ tay mẫu (a notebook-style walk-through)
#
# Cells in the `# %%` format: open this file in Jupyter (with jupytext), VS Code or PyCharm
# and run it cell by cell, or run it whole with `python notebook.py`. Every record here is
# invented.

# %%
import khien

text = (
    "Họ tên: Nguyễn Văn An\n"
    "Số CCCD: 001090000001\n"
    "Điện thoại: 0912 345 678\n"
    "Mã số BHXH: 7901234567\n"
)

# %% [markdown]
# ## 1. Tìm dữ liệu cá nhân (find personal data)
# Each finding has the fields of `khien scan --format jsonl`; values are masked unless asked.

# %%
for f in khien.scan_text(text):
    print(f"{f.kind:18} {f.confidence:6} {f.masked:16} line {f.line}, {f.reasons[0]['vi']}")

# %% [markdown]
# ## 2. Khử nhận dạng (de-identify)

# %%
print(khien.redact_text(text))

# %% [markdown]
# ## 3. Che trước khi gửi LLM, khôi phục câu trả lời (guard an LLM prompt)

# %%
from khien import guard

masked, mapping = guard.mask("Soạn thư trả lời ông Nguyễn Văn An, CCCD 001090000001.")
print(masked)
print(guard.unmask("Kính gửi ông [HỌ_TÊN_1],", mapping))

# %% [markdown]
# ## 4. Kiểm tra tin nhắn lừa đảo (judge a suspicious message)

# %%
v = khien.check_message("Cục Thuế thông báo: truy cập https://thuedientu-gov.vn.xyz để tránh bị phạt")
print(v.verdict, v.score, v.scam_types)
for r in v.reasons[:3]:
    print("-", r["vi"])

# %% [markdown]
# ## 5. Một cột của bảng (a column of a table)
# `scan_texts` takes the whole column at once, on every core, with the column's name as
# context: a bare number in `so_bhxh` is read as a BHXH number.

# %%
column = ["7901234567", None, "7901234568", "không rõ"]
for cell, found in zip(column, khien.scan_texts(column, field="so_bhxh")):
    print(repr(cell), [f.kind for f in found])
