#include "report_charts.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_replace.h"

namespace chronicle::cli {
namespace {

std::string Escape(const std::string& text) {
  return absl::StrReplaceAll(text,
                             {{"&", "&amp;"}, {"<", "&lt;"}, {">", "&gt;"}, {"\"", "&quot;"}});
}

constexpr int kLabelWidth = 220;
constexpr int kBarWidth = 480;
constexpr int kRowHeight = 26;
constexpr char kFont[] = "font-family=\"DejaVu Sans, Arial, sans-serif\" font-size=\"13\"";

// An SVG document's opening: its size, a white background and the chart's title.
std::string SvgStart(int width, int height, const std::string& title) {
  return absl::StrFormat(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" %s>\n"
      "<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>\n"
      "<text x=\"10\" y=\"22\" font-weight=\"bold\">%s</text>\n",
      width, height, kFont, Escape(title));
}

}  // namespace

std::string CsvField(const std::string& text) {
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  return absl::StrCat("\"", absl::StrReplaceAll(text, {{"\"", "\"\""}}), "\"");
}

void PrintCsv(const Grid& grid, std::ostream& out) {
  auto line = [&](const std::vector<std::string>& cells) {
    for (size_t i = 0; i < cells.size(); ++i) out << (i ? "," : "") << CsvField(cells[i]);
    out << "\r\n";
  };
  line(grid.header);
  for (const auto& row : grid.rows) line(row);
}

std::string BarChartSvg(const std::string& title, const std::vector<Bar>& bars) {
  double top = 0;
  for (const Bar& bar : bars) top = std::max(top, bar.value);
  const int height = 40 + kRowHeight * static_cast<int>(bars.size()) + 10;
  const int width = kLabelWidth + kBarWidth + 140;
  std::string svg = SvgStart(width, height, title);
  for (size_t i = 0; i < bars.size(); ++i) {
    const int y = 40 + kRowHeight * static_cast<int>(i);
    const int length = top > 0 ? static_cast<int>(kBarWidth * bars[i].value / top) : 0;
    absl::StrAppendFormat(&svg,
                          "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>\n"
                          "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"#3b7dd8\"/>\n"
                          "<text x=\"%d\" y=\"%d\">%s</text>\n",
                          kLabelWidth - 8, y + 16, Escape(bars[i].label), kLabelWidth, y + 3,
                          std::max(length, 1), kRowHeight - 6, kLabelWidth + length + 6, y + 16,
                          Escape(bars[i].note));
  }
  return svg + "</svg>\n";
}

std::string HeatMapSvg(const std::string& title, const std::vector<std::string>& rows,
                       const std::vector<std::string>& columns,
                       const std::vector<std::vector<double>>& shares) {
  constexpr int kCell = 44;
  constexpr int kRowLabel = 90;
  const int width = kRowLabel + kCell * static_cast<int>(columns.size()) + 20;
  const int height = 60 + kRowHeight * static_cast<int>(rows.size()) + 10;
  std::string svg = SvgStart(width, height, title);
  for (size_t c = 0; c < columns.size(); ++c) {
    absl::StrAppendFormat(&svg, "<text x=\"%d\" y=\"50\" text-anchor=\"middle\">%s</text>\n",
                          kRowLabel + kCell * static_cast<int>(c) + kCell / 2, Escape(columns[c]));
  }
  for (size_t r = 0; r < rows.size(); ++r) {
    const int y = 58 + kRowHeight * static_cast<int>(r);
    absl::StrAppendFormat(&svg, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>\n",
                          kRowLabel - 6, y + 17, Escape(rows[r]));
    for (size_t c = 0; c < columns.size() && c < shares[r].size(); ++c) {
      const double share = std::clamp(shares[r][c], 0.0, 1.0);
      // White to blue as the share grows.
      const int shade = static_cast<int>(255 - 180 * share);
      absl::StrAppendFormat(
          &svg,
          "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"rgb(%d,%d,255)\" "
          "stroke=\"#ddd\"/>\n<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" "
          "font-size=\"11\">%.0f%%</text>\n",
          kRowLabel + kCell * static_cast<int>(c), y, kCell, kRowHeight - 2, shade, shade,
          kRowLabel + kCell * static_cast<int>(c) + kCell / 2, y + 16, 100 * share);
    }
  }
  return svg + "</svg>\n";
}

std::string HtmlPage(const Grid& grid, const std::string& svg) {
  std::string html =
      absl::StrCat("<!DOCTYPE html>\n<html lang=\"ru\"><head><meta charset=\"utf-8\"><title>",
                   Escape(grid.title),
                   "</title>\n<style>body{font-family:sans-serif;margin:24px}"
                   "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px;"
                   "text-align:right}th{background:#f3f3f3}td:first-child{text-align:left}</style>"
                   "</head><body>\n<h1>",
                   Escape(grid.title), "</h1>\n", svg, "\n<table><tr>");
  for (const auto& h : grid.header) absl::StrAppend(&html, "<th>", Escape(h), "</th>");
  html += "</tr>\n";
  for (const auto& row : grid.rows) {
    html += "<tr>";
    for (const auto& cell : row) absl::StrAppend(&html, "<td>", Escape(cell), "</td>");
    html += "</tr>\n";
  }
  return html + "</table></body></html>\n";
}

}  // namespace chronicle::cli
