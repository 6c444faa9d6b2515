"""Incident summaries are Markdown written by editors, rendered through an allow-list: what a
summary may hold comes out as HTML, anything that could run script comes out inert."""

import pytest
from django.utils.safestring import SafeString

from incidents.rendering import render_markdown


class TestWhatIsKept:
    def test_paragraphs_emphasis_and_lists_render(self):
        html = render_markdown("The **third stage** failed *early*.\n\n- LOX leak\n- fire")
        assert html == (
            "<p>The <strong>third stage</strong> failed <em>early</em>.</p>\n"
            "<ul>\n<li>LOX leak</li>\n<li>fire</li>\n</ul>"
        )

    @pytest.mark.parametrize(
        ("markdown", "html"),
        [
            ("[TASS](https://tass.com/a)", '<p><a href="https://tass.com/a">TASS</a></p>'),
            ("[old](http://example.org/)", '<p><a href="http://example.org/">old</a></p>'),
            (
                "[mail](mailto:editors@example.org)",
                '<p><a href="mailto:editors@example.org">mail</a></p>',
            ),
        ],
    )
    def test_web_and_mail_links_keep_their_address(self, markdown, html):
        assert render_markdown(markdown) == html

    def test_text_that_looks_like_markup_is_escaped(self):
        assert render_markdown("Mass < 2 t & thrust > 1 MN") == (
            "<p>Mass &lt; 2 t &amp; thrust &gt; 1 MN</p>"
        )

    def test_the_result_is_marked_safe_for_templates(self):
        assert isinstance(render_markdown("text"), SafeString)

    @pytest.mark.parametrize("empty", ["", None])
    def test_no_summary_renders_nothing(self, empty):
        assert render_markdown(empty) == ""


class TestWhatIsRemoved:
    @pytest.mark.parametrize(
        ("markdown", "html"),
        [
            ("<script>alert(1)</script>", "alert(1)"),
            ("Before <script>alert(1)</script> after", "<p>Before alert(1) after</p>"),
            ("<img src=x onerror=alert(1)>", "<p></p>"),
            ("Inline <img src=x onerror=alert(1)> image", "<p>Inline  image</p>"),
            ("[link](javascript:alert(1))", "<p><a>link</a></p>"),
            ("[link](JavaScript:alert(1))", "<p><a>link</a></p>"),
            ('<a href="jav&#x09;ascript:alert(1)">t</a>', "<p><a>t</a></p>"),
            ("[data](data:text/html,<script>alert(1)</script>)", "<p><a>data</a></p>"),
            (
                '<a href="https://x.org" onclick="alert(1)">x</a>',
                '<p><a href="https://x.org">x</a></p>',
            ),
            ('<b onmouseover="alert(1)">bold</b>', "<p><b>bold</b></p>"),
            ('<iframe src="https://evil.example"></iframe>ok', "\n<p>ok</p>"),
            ("<svg onload=alert(1)>", "<p></p>"),
            ("<!-- hidden -->shown", "\n<p>shown</p>"),
        ],
    )
    def test_script_handlers_and_dangerous_links_are_removed(self, markdown, html):
        assert render_markdown(markdown) == html

    def test_a_summary_full_of_attacks_keeps_its_plain_text_and_nothing_active(self):
        html = render_markdown(
            "<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n"
            "[link](javascript:alert(1))\n\nThe real summary."
        )
        assert "<script" not in html
        assert "onerror" not in html
        assert "javascript:" not in html
        assert "<p>The real summary.</p>" in html

    def test_headings_above_h3_lose_their_tag_but_keep_their_text(self):
        assert render_markdown("# Big\n\nText") == "Big\n<p>Text</p>"
        assert render_markdown("### Timeline") == "<h3>Timeline</h3>"
