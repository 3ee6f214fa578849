using System.Globalization;
using System.Text;

namespace Recrypt.Benchmarks;

/// <summary>
/// <c>compare</c>: reads BenchmarkDotNet's CSV reports (every operation measured on both engines in
/// one run) and writes compare.md, compare.csv and compare.svg: per operation, the native and
/// managed medians and their ratio.
/// </summary>
internal static class Compare
{
    private sealed record Row(string Operation, double NativeMs, double ManagedMs, string NativeAllocated, string ManagedAllocated)
    {
        public double Ratio => ManagedMs / NativeMs;
    }

    public static int Run(string resultsDirectory, string outputDirectory)
    {
        var rows = Read(resultsDirectory);
        if (rows.Count == 0)
        {
            Console.Error.WriteLine($"No BenchmarkDotNet CSV report with both backends in {resultsDirectory}.");
            return 1;
        }
        Directory.CreateDirectory(outputDirectory);
        File.WriteAllText(Path.Combine(outputDirectory, "compare.csv"), Csv(rows));
        File.WriteAllText(Path.Combine(outputDirectory, "compare.md"), Markdown(rows));
        File.WriteAllText(Path.Combine(outputDirectory, "compare.svg"), Svg(rows));
        Console.WriteLine(Markdown(rows));
        return 0;
    }

    private static List<Row> Read(string directory)
    {
        var medians = new Dictionary<(string Operation, string Backend), (double Ms, string Allocated)>();
        var order = new List<string>();
        foreach (var file in Directory.EnumerateFiles(directory, "*-report.csv").Order(StringComparer.Ordinal))
        {
            var lines = File.ReadAllLines(file);
            var header = SplitCsv(lines[0]);
            int Column(string name) => header.IndexOf(name);
            var (method, backend, median, allocated) = (Column("Method"), Column("Backend"), Column("Median"), Column("Allocated"));
            if (method < 0 || backend < 0 || median < 0)
            {
                continue;
            }
            foreach (var line in lines.Skip(1))
            {
                var cells = SplitCsv(line);
                var operation = cells[method].Trim('\'');
                if (!order.Contains(operation))
                {
                    order.Add(operation);
                }
                if (cells[median] is "NA" or "")
                {
                    continue; // the benchmark did not run (BenchmarkDotNet reports why)
                }
                medians[(operation, cells[backend])] = (Milliseconds(cells[median]), allocated >= 0 ? cells[allocated] : "");
            }
        }
        return [.. order
            .Where(o => medians.ContainsKey((o, "Native")) && medians.ContainsKey((o, "Managed")))
            .Select(o => new Row(o, medians[(o, "Native")].Ms, medians[(o, "Managed")].Ms, medians[(o, "Native")].Allocated, medians[(o, "Managed")].Allocated))];
    }

    /// <summary>A BenchmarkDotNet time cell ("1,234.5 μs") in milliseconds.</summary>
    private static double Milliseconds(string cell)
    {
        var parts = cell.Replace(",", "", StringComparison.Ordinal).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var value = double.Parse(parts[0], CultureInfo.InvariantCulture);
        return parts.Length < 2 ? value / 1e6 : parts[1] switch
        {
            "ns" => value / 1e6,
            "us" or "μs" or "µs" => value / 1e3,
            "ms" => value,
            "s" => value * 1e3,
            var unit => throw new FormatException($"Unknown time unit '{unit}' in '{cell}'."),
        };
    }

    private static List<string> SplitCsv(string line)
    {
        var cells = new List<string>();
        var cell = new StringBuilder();
        var quoted = false;
        foreach (var c in line)
        {
            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (c == ',' && !quoted)
            {
                cells.Add(cell.ToString());
                cell.Clear();
            }
            else
            {
                cell.Append(c);
            }
        }
        cells.Add(cell.ToString());
        return cells;
    }

    private static string Csv(List<Row> rows)
    {
        var text = new StringBuilder("operation,native_median_ms,managed_median_ms,managed_over_native\n");
        foreach (var r in rows)
        {
            text.Append(CultureInfo.InvariantCulture, $"{r.Operation},{r.NativeMs:0.####},{r.ManagedMs:0.####},{r.Ratio:0.00}\n");
        }
        return text.ToString();
    }

    private static string Markdown(List<Row> rows)
    {
        var text = new StringBuilder();
        text.Append("| operation | native median | managed median | managed / native | allocated (native / managed) |\n");
        text.Append("|---|---:|---:|---:|---|\n");
        foreach (var r in rows)
        {
            text.Append(CultureInfo.InvariantCulture,
                $"| {r.Operation} | {r.NativeMs:0.000} ms | {r.ManagedMs:0.000} ms | {r.Ratio:0.00}× | {r.NativeAllocated} / {r.ManagedAllocated} |\n");
        }
        return text.ToString();
    }

    /// <summary>A horizontal bar chart of the ratios, with the 2.5× target marked.</summary>
    private static string Svg(List<Row> rows)
    {
        const int Left = 190, BarHeight = 18, Gap = 8, Width = 720, Top = 40;
        var max = Math.Max(3.0, Math.Ceiling(rows.Max(r => r.Ratio)));
        var scale = (Width - Left - 60) / max;
        var height = Top + rows.Count * (BarHeight + Gap) + 30;
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{height}\" font-family=\"sans-serif\" font-size=\"12\">\n");
        svg.Append(CultureInfo.InvariantCulture, $"<rect width=\"{Width}\" height=\"{height}\" fill=\"white\"/>\n");
        svg.Append("<text x=\"10\" y=\"20\" font-size=\"14\" font-weight=\"bold\">Managed median / native median (lower is better)</text>\n");
        for (var i = 0; i < rows.Count; i++)
        {
            var y = Top + i * (BarHeight + Gap);
            var w = rows[i].Ratio * scale;
            var colour = rows[i].Ratio <= 2.5 ? "#2e7d32" : "#c62828";
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left - 8}\" y=\"{y + 13}\" text-anchor=\"end\">{rows[i].Operation}</text>\n");
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{Left}\" y=\"{y}\" width=\"{w:0.0}\" height=\"{BarHeight}\" fill=\"{colour}\"/>\n");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left + w + 6:0.0}\" y=\"{y + 13}\">{rows[i].Ratio:0.00}×</text>\n");
        }
        var target = Left + 2.5 * scale;
        svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{target:0.0}\" y1=\"{Top - 6}\" x2=\"{target:0.0}\" y2=\"{height - 24}\" stroke=\"#555\" stroke-dasharray=\"4 3\"/>\n");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{target:0.0}\" y=\"{height - 10}\" text-anchor=\"middle\">2.5× target</text>\n");
        svg.Append("</svg>\n");
        return svg.ToString();
    }
}
