using System.Runtime.CompilerServices;
using Hub.Customers;

namespace Hub.Shops.Csv;

/// <summary>
/// Reads a customers file (<c>hub import customers FILE</c>): one <see cref="CustomerRecord"/> per row, streamed,
/// or a reject for a row that cannot be imported. CSV has no version, so records carry no
/// <see cref="CustomerRecord.UpdatedAt"/>: the ingestion treats the file as a snapshot.
/// </summary>
public sealed class CsvCustomerReader(CsvImportContext context)
{
    private static readonly CsvField[] Identity = [CsvField.Email, CsvField.Phone, CsvField.CustomerId];

    /// <summary>Detects the encoding and delimiter and maps the header.</summary>
    /// <exception cref="CsvFormatException">The file is empty or has no email, phone or ID column.</exception>
    public static CsvImportFile Open(string path) => OpenColumns(path).File;

    public async IAsyncEnumerable<CsvRow<CustomerRecord>> ReadAsync(
        CsvImportFile file, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var columns = CsvColumnMap.For(CsvFileKind.Customers, file.Headers);
        var consentSource = $"{Platforms.Csv}:{Path.GetFileName(file.Path)}";
        await foreach (var row in CsvSource.ReadAsync(file, cancellationToken))
        {
            yield return Read(row, columns, consentSource);
        }
    }

    private static (CsvImportFile File, CsvColumnMap Columns) OpenColumns(string path)
    {
        var opened = CsvSource.Open(path, CsvFileKind.Customers);
        opened.Columns.Require("email, phone or external_id", Identity);
        return opened;
    }

    private CsvRow<CustomerRecord> Read(CsvSourceRow row, CsvColumnMap columns, string consentSource)
    {
        try
        {
            if (row.Problem is not null)
            {
                throw new CsvRowException(row.Problem);
            }
            var view = new CsvRowView(columns, row.Fields);
            var customer = CsvCustomerFields.Read(view, context.TimeZone) with { Consents = Consents(view, consentSource) };
            if (!CsvCustomerFields.IsIdentified(customer))
            {
                throw new CsvRowException(
                    $"no {columns.NamesOf(Identity)} to identify the customer");
            }
            return CsvRow<CustomerRecord>.Read(row.Line, customer);
        }
        catch (CsvRowException e)
        {
            return CsvRow<CustomerRecord>.Rejected(new CsvReject(row.Line, e.Message, row.Fields));
        }
    }

    private Dictionary<Channel, Consent> Consents(CsvRowView row, string source)
    {
        var consents = new Dictionary<Channel, Consent>();
        foreach (var (channel, field) in new[] { (Channel.Email, CsvField.EmailConsent), (Channel.Sms, CsvField.SmsConsent), (Channel.Ads, CsvField.AdsConsent) })
        {
            if (row.Consent(field) is { } state)
            {
                consents[channel] = new Consent(state, source, context.Now);
            }
        }
        return consents;
    }
}
