package resolvers

import (
	"context"
	"slices"

	"github.com/maitre-pos/maitre/auth"
	"github.com/maitre-pos/maitre/errcode"
	"github.com/maitre-pos/maitre/graph/model"
)

func (r *queryResolver) Chat(ctx context.Context, question string, conversation *string) (*model.ChatAnswer, error) {
	id := ""
	if conversation != nil {
		id = *conversation
	}
	return r.Resolver.Chat.Ask(ctx, question, id), nil
}

// maxMisses is the most chatMisses lists: all a tenant keeps.
const maxMisses = 50

func (r *queryResolver) ChatMisses(ctx context.Context, limit int) ([]*model.ChatMiss, error) {
	v := auth.ViewerFrom(ctx)
	if !slices.Contains(v.Roles, "owner") {
		return nil, errcode.New(errcode.Forbidden, "only an owner may read the questions the chat did not understand")
	}
	if limit < 0 || limit > maxMisses {
		return nil, badInput("limit", "limit must be from 0 to %d", maxMisses)
	}
	out := []*model.ChatMiss{}
	for _, m := range r.Resolver.Chat.Misses(ctx, v.TenantID) {
		if len(out) == limit {
			break
		}
		out = append(out, &model.ChatMiss{Question: m.Question, At: m.At.In(v.Location)})
	}
	return out, nil
}
