namespace Hub.Messaging.Channels.Telegram;

/// <summary>
/// The part of a webhook <c>Update</c> the hub reads (Telegram.Bot <c>Types/Update.cs</c>): its <c>update_id</c> and,
/// for blocks and unblocks, <c>my_chat_member</c>. Every other kind of update is accepted and ignored.
/// </summary>
internal sealed record TelegramUpdate(long? UpdateId, TelegramChatMemberUpdated? MyChatMember = null);

/// <summary>The bot's own membership changed in <c>chat</c>; <c>date</c> is Unix seconds.</summary>
internal sealed record TelegramChatMemberUpdated(TelegramChat? Chat, long? Date, TelegramChatMember? OldChatMember, TelegramChatMember? NewChatMember);

internal sealed record TelegramChat(long Id, string? Type);

/// <summary><c>status</c>: creator, administrator, member, restricted, left or kicked.</summary>
internal sealed record TelegramChatMember(string? Status);
