using System.Security.Cryptography;

namespace KalshiPortfolio.Simulator.Exchange;

/// <summary>A member: API key id, public key, cash, positions, fills and settlements. Guarded by the exchange's lock.</summary>
internal sealed class Account
{
    private readonly byte[] _publicKey; // SubjectPublicKeyInfo
    private readonly Lock _rsaGate = new();
    private RSA? _rsa;

    public Account(string keyId, string userId, byte[] subjectPublicKeyInfo, decimal cash, bool isDemo)
    {
        KeyId = keyId;
        UserId = userId;
        _publicKey = subjectPublicKeyInfo;
        Cash = cash;
        IsDemo = isDemo;
    }

    public string KeyId { get; }

    public string UserId { get; }

    public bool IsDemo { get; }

    public decimal Cash { get; set; }

    public DateTimeOffset UpdatedTime { get; set; }

    /// <summary>Positions by ticker, in the order they were first traded.</summary>
    public Dictionary<string, PositionBook> Positions { get; } = new(StringComparer.Ordinal);

    public List<PositionBook> PositionOrder { get; } = [];

    /// <summary>Oldest first; the API lists newest first.</summary>
    public List<FillRecord> Fills { get; } = [];

    public List<SettlementRecord> Settlements { get; } = [];

    public PositionBook GetOrAddPosition(string ticker, string eventTicker)
    {
        if (!Positions.TryGetValue(ticker, out var book))
        {
            book = new PositionBook(ticker, eventTicker);
            Positions[ticker] = book;
            PositionOrder.Add(book);
        }
        return book;
    }

    /// <summary>RSA-PSS SHA-256 (salt = 32 bytes) verification of <paramref name="signature"/> over <paramref name="message"/>.</summary>
    public bool Verify(byte[] message, byte[] signature)
    {
        lock (_rsaGate)
        {
            if (_rsa is null)
            {
                _rsa = RSA.Create();
                _rsa.ImportSubjectPublicKeyInfo(_publicKey, out _);
            }
            return _rsa.VerifyData(message, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pss);
        }
    }
}
