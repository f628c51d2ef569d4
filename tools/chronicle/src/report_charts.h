// Reports as a grid of text (for tables and CSV) and as charts (SVG, or an HTML page holding the
// chart and the table), for people who would rather look than read.
#ifndef CHRONICLE_CLI_REPORT_CHARTS_H_
#define CHRONICLE_CLI_REPORT_CHARTS_H_

#include <ostream>
#include <string>
#include <vector>

namespace chronicle::cli {

struct Grid {
  std::string title;
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
};

// One RFC 4180 CSV field: quoted when it holds a comma, a quote or a line break.
std::string CsvField(const std::string& text);
// The grid as CSV, header first.
void PrintCsv(const Grid& grid, std::ostream& out);

struct Bar {
  std::string label;
  double value = 0;
  std::string note;  // printed after the bar ("62%")
};

// Horizontal bars, longest = full width: a funnel, or revenue by month (a trend).
std::string BarChartSvg(const std::string& title, const std::vector<Bar>& bars);

// A heat map of shares 0..1: cohorts (rows) by months since (columns).
std::string HeatMapSvg(const std::string& title, const std::vector<std::string>& rows,
                       const std::vector<std::string>& columns,
                       const std::vector<std::vector<double>>& shares);

// A self-contained page: the chart above the table, no external resources.
std::string HtmlPage(const Grid& grid, const std::string& svg);

}  // namespace chronicle::cli

#endif  // CHRONICLE_CLI_REPORT_CHARTS_H_
