namespace DeltaSharp.Arrow.Ipc;

/// <summary>Constants of the Arrow IPC format (Message.fbs, Schema.fbs, File.fbs, Columnar.rst).</summary>
internal static class IpcFormat
{
    public const uint Continuation = 0xFFFFFFFF;
    public const short MetadataV4 = 3;
    public const short MetadataV5 = 4;

    public const byte HeaderSchema = 1;
    public const byte HeaderDictionaryBatch = 2;
    public const byte HeaderRecordBatch = 3;
    public const byte HeaderTensor = 4;
    public const byte HeaderSparseTensor = 5;

    public const byte CompressionLz4Frame = 0;
    public const byte CompressionZstd = 1;

    // Slots (vtable field indices).
    public const int MessageVersion = 0, MessageHeaderType = 1, MessageHeader = 2, MessageBodyLength = 3, MessageMetadata = 4;
    public const int SchemaEndianness = 0, SchemaFields = 1, SchemaMetadata = 2, SchemaFeatures = 3;
    public const int FieldName = 0, FieldNullable = 1, FieldTypeType = 2, FieldType = 3, FieldDictionary = 4, FieldChildren = 5, FieldMetadata = 6;
    public const int KeyValueKey = 0, KeyValueValue = 1;
    public const int DictEncodingId = 0, DictEncodingIndexType = 1, DictEncodingOrdered = 2, DictEncodingKind = 3;
    public const int BatchLength = 0, BatchNodes = 1, BatchBuffers = 2, BatchCompression = 3, BatchVariadicCounts = 4;
    public const int CompressionCodec = 0, CompressionMethod = 1;
    public const int DictBatchId = 0, DictBatchData = 1, DictBatchIsDelta = 2;
    public const int FooterVersion = 0, FooterSchema = 1, FooterDictionaries = 2, FooterRecordBatches = 3, FooterMetadata = 4;

    // Type union tags.
    public const byte TypeNull = 1, TypeInt = 2, TypeFloatingPoint = 3, TypeBinary = 4, TypeUtf8 = 5, TypeBool = 6,
        TypeDecimal = 7, TypeDate = 8, TypeTime = 9, TypeTimestamp = 10, TypeInterval = 11, TypeList = 12,
        TypeStruct = 13, TypeUnion = 14, TypeFixedSizeBinary = 15, TypeFixedSizeList = 16, TypeMap = 17,
        TypeDuration = 18, TypeLargeBinary = 19, TypeLargeUtf8 = 20, TypeLargeList = 21, TypeRunEndEncoded = 22,
        TypeBinaryView = 23, TypeUtf8View = 24, TypeListView = 25, TypeLargeListView = 26;

    public static string TypeName(byte tag) => tag switch
    {
        TypeNull => "Null",
        TypeInt => "Int",
        TypeFloatingPoint => "FloatingPoint",
        TypeBinary => "Binary",
        TypeUtf8 => "Utf8",
        TypeBool => "Bool",
        TypeDecimal => "Decimal",
        TypeDate => "Date",
        TypeTime => "Time",
        TypeTimestamp => "Timestamp",
        TypeInterval => "Interval",
        TypeList => "List",
        TypeStruct => "Struct",
        TypeUnion => "Union",
        TypeFixedSizeBinary => "FixedSizeBinary",
        TypeFixedSizeList => "FixedSizeList",
        TypeMap => "Map",
        TypeDuration => "Duration",
        TypeLargeBinary => "LargeBinary",
        TypeLargeUtf8 => "LargeUtf8",
        TypeLargeList => "LargeList",
        TypeRunEndEncoded => "RunEndEncoded",
        TypeBinaryView => "BinaryView",
        TypeUtf8View => "Utf8View",
        TypeListView => "ListView",
        TypeLargeListView => "LargeListView",
        _ => "type #" + tag.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
