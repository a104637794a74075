using System.Threading.Tasks;
using Xunit;

namespace DeltaSharp.Tests.SpecAudit;

/// <summary>PROTOCOL.md "Protocol Evolution", "Table Features", "Reader Version Requirements", "Valid Feature Names".</summary>
public sealed class ProtocolSpecTests
{
    private static readonly string Schema = SpecTable.Schema(SpecTable.Field("id", "\"long\""));

    private static async Task<DeltaSnapshot> OpenAsync(SpecTable table, string protocol)
    {
        await table.CommitAsync(0, protocol, SpecTable.Metadata(Schema));
        DeltaTable opened = await table.OpenAsync();
        return opened.Snapshot;
    }

    [Theory]
    [InlineData("columnMapping")]
    [InlineData("deletionVectors")]
    [InlineData("timestampNtz")]
    [InlineData("v2Checkpoint")]
    [InlineData("vacuumProtocolCheck")]
    [InlineData("typeWidening")]
    [InlineData("typeWidening-preview")]
    [InlineData("variantType")]
    [InlineData("variantType-preview")]
    [InlineData("variantShredding")]
    [InlineData("variantShredding-preview")]
    public async Task EveryReaderFeatureWeImplementIsReadable(string feature)
    {
        await using var table = new SpecTable();
        DeltaSnapshot snapshot = await OpenAsync(table, SpecTable.Protocol(3, 7, [feature], [feature]));
        Assert.Equal(0, snapshot.Version);
    }

    [Fact]
    public async Task AllReaderFeaturesTogetherAreReadable()
    {
        await using var table = new SpecTable();
        string[] features = ["columnMapping", "deletionVectors", "timestampNtz", "v2Checkpoint", "vacuumProtocolCheck", "typeWidening", "variantType", "variantShredding"];
        DeltaSnapshot snapshot = await OpenAsync(table, SpecTable.Protocol(3, 7, features, features));
        Assert.Equal(0, snapshot.Version);
    }

    [Fact]
    public async Task AnUnknownReaderFeatureIsAnErrorNamingIt()
    {
        await using var table = new SpecTable();
        var error = await Assert.ThrowsAsync<DeltaUnsupportedFeatureException>(() => OpenAsync(table, SpecTable.Protocol(3, 7, ["deletionVectors", "quantumEntanglement"], ["deletionVectors", "quantumEntanglement"])));
        Assert.Equal("quantumEntanglement", error.FeatureName);
        Assert.Contains("quantumEntanglement", error.Message, System.StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("appendOnly")]
    [InlineData("invariants")]
    [InlineData("checkConstraints")]
    [InlineData("generatedColumns")]
    [InlineData("allowColumnDefaults")]
    [InlineData("changeDataFeed")]
    [InlineData("identityColumns")]
    [InlineData("rowTracking")]
    [InlineData("domainMetadata")]
    [InlineData("icebergCompatV1")]
    [InlineData("icebergCompatV2")]
    [InlineData("clustering")]
    [InlineData("inCommitTimestamp")]
    [InlineData("someFutureWriterOnlyFeature")]
    public async Task WriterFeaturesNeverBlockReading(string feature)
    {
        // "to read a table, readers must implement and respect all features listed in readerFeatures" — writer
        // features (even unknown ones) are the writers' business.
        await using var table = new SpecTable();
        DeltaSnapshot snapshot = await OpenAsync(table, SpecTable.Protocol(3, 7, [], [feature]));
        Assert.Equal(0, snapshot.Version);
        await using var table1 = new SpecTable();
        Assert.Equal(0, (await OpenAsync(table1, SpecTable.Protocol(1, 7, null, [feature]))).Version);
    }

    [Theory]
    [InlineData("appendOnly")]
    [InlineData("changeDataFeed")]
    [InlineData("inCommitTimestamp")]
    [InlineData("rowTracking")]
    public async Task AWriterOnlyFeatureListedAmongReaderFeaturesHasNoReadRequirement(string feature)
    {
        // Writers must not list writer-only features in readerFeatures, but such a feature imposes nothing on readers.
        await using var table = new SpecTable();
        DeltaSnapshot snapshot = await OpenAsync(table, SpecTable.Protocol(3, 7, [feature], [feature]));
        Assert.Equal(0, snapshot.Version);
    }

    [Fact]
    public async Task AReaderFeatureListedOnlyAmongWriterFeaturesIsNotAReadRequirement()
    {
        await using var table = new SpecTable();
        DeltaSnapshot snapshot = await OpenAsync(table, SpecTable.Protocol(3, 7, [], ["deletionVectors", "columnMapping"]));
        Assert.Equal(DeltaSharp.Schema.ColumnMappingMode.None, snapshot.ColumnMappingMode);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task LegacyReaderVersionsAreReadableAndIgnoreFeatureLists(int reader)
    {
        await using var table = new SpecTable();
        DeltaSnapshot snapshot = await OpenAsync(table, SpecTable.Protocol(reader, 5));
        Assert.Equal(reader, snapshot.Protocol.MinReaderVersion);
    }

    [Fact]
    public async Task ReaderVersionAboveThreeIsRejectedNamingTheVersion()
    {
        await using var table = new SpecTable();
        var error = await Assert.ThrowsAsync<DeltaUnsupportedFeatureException>(() => OpenAsync(table, SpecTable.Protocol(4, 7, [], [])));
        Assert.Contains("4", error.Message, System.StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownFieldsAndActionsAreIgnored()
    {
        // "Clients must ignore such unrecognized fields, and should not produce an error".
        await using var table = new SpecTable();
        await table.CommitAsync(0,
            "{\"protocol\":{\"minReaderVersion\":1,\"minWriterVersion\":2,\"futureField\":[1,{\"x\":null}]}}",
            SpecTable.Metadata(Schema),
            "{\"someFutureAction\":{\"a\":1}}",
            "{\"commitInfo\":{\"anything\":{\"nested\":[true]}}}");
        await using DeltaTable opened = await table.OpenAsync();
        Assert.Equal(0, opened.Snapshot.Version);
    }
    [Fact]
    public async Task ReaderFeaturesOnALegacyReaderVersionAreIgnored()
    {
        // "readerFeatures … exist only when minReaderVersion is set to 3": on reader version 2 the list has no
        // meaning (Delta Spark reads reader features only when the version supports them).
        await using var table = new SpecTable();
        DeltaSnapshot snapshot = await OpenAsync(table, SpecTable.Protocol(2, 7, ["quantumEntanglement"], ["columnMapping"]));
        Assert.Equal(0, snapshot.Version);
    }

    [Theory]
    [InlineData("catalogManaged")]
    [InlineData("catalogOwned-preview")]
    public async Task CatalogManagedTablesAreRejectedNamingTheFeatureUnlessAVersionIsAsked(string feature)
    {
        // The latest version of a catalog-managed table is known only to its catalog; a published version is a
        // complete, ratified commit and can be read (PROTOCOL.md "Reading Catalog-managed Tables").
        await using var table = new SpecTable();
        string[] features = [feature, "inCommitTimestamp", "vacuumProtocolCheck"];
        await table.CommitAsync(0, SpecTable.CommitInfo(1000), SpecTable.Protocol(3, 7, [feature, "vacuumProtocolCheck"], features),
            SpecTable.Metadata(Schema, configuration: new() { ["delta.enableInCommitTimestamps"] = "true" }));
        var error = await Assert.ThrowsAsync<DeltaUnsupportedFeatureException>(() => table.OpenAsync());
        Assert.Equal(feature, error.FeatureName);
        await using DeltaTable opened = await table.OpenAsync(new DeltaTableOptions { AllowPublishedCatalogManagedLog = true });
        Assert.Equal(0, opened.Snapshot.Version);
    }

    [Theory]
    [InlineData("coordinatedCommits-preview")]
    [InlineData("redirectReaderWriter-preview")]
    [InlineData("geospatial")]
    public async Task ReaderFeaturesSparkShipsThatWeCannotHonourAreRejectedByName(string feature)
    {
        // Coordinated commits hide unbackfilled commits, redirects move the table, geospatial types have no reader
        // here: reading would be silently wrong.
        await using var table = new SpecTable();
        var error = await Assert.ThrowsAsync<DeltaUnsupportedFeatureException>(() => OpenAsync(table, SpecTable.Protocol(3, 7, [feature], [feature])));
        Assert.Equal(feature, error.FeatureName);
    }

    [Theory]
    [InlineData("checkpointProtection")]
    [InlineData("collations")]
    [InlineData("collations-preview")]
    [InlineData("materializePartitionColumns")]
    [InlineData("icebergWriterCompatV1")]
    [InlineData("rowTracking")]
    public async Task WriterFeaturesSparkShipsTodayDoNotBlockReading(string feature)
    {
        await using var table = new SpecTable();
        DeltaSnapshot snapshot = await OpenAsync(table, SpecTable.Protocol(3, 7, ["deletionVectors"], ["deletionVectors", feature]));
        Assert.Equal(0, snapshot.Version);
    }
}
