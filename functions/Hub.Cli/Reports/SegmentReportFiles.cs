namespace Hub.Cli.Reports;

/// <summary>Full paths of the files one segments report wrote.</summary>
internal sealed record SegmentReportFiles(string RfmHeatmapPng, string SegmentSizesPng, string Html);
