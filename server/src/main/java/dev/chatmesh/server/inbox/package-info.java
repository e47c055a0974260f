/**
 * The inbox: channels (a company's accounts on Facebook, Zalo and TikTok), the webhooks that
 * bring customers' messages in, conversations, messages, and the durable queue that delivers
 * agents' replies to the platforms. Every change goes through {@code Store.change}, so it
 * commits with its activity line and events and reaches streams like every CRM change.
 * Channel credentials are sealed at rest ({@link dev.chatmesh.server.inbox.Vault}) and appear
 * in no answer, event or log line.
 */
package dev.chatmesh.server.inbox;
